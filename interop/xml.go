package interop

import "encoding/xml"

// The REFI-QDA 1.0 XML model (Project-mrt2019.xsd and Codebook.xsd).
// Struct tags carry no namespace so that decoding matches local names in
// whatever namespace a tool wrote (urn:QDA-XML:project:1:0 and others occur);
// encoding sets the standard namespace on the root. Field order is the XSD's
// sequence order, which the schema enforces.

// Namespaces of the standard, written on export.
const (
	ProjectNS  = "urn:QDA-XML:project:1.0"
	CodebookNS = "urn:QDA-XML:codebook:1.0"
)

type xProject struct {
	XMLName           xml.Name    `xml:"Project"`
	Xmlns             string      `xml:"xmlns,attr,omitempty"`
	Name              string      `xml:"name,attr"`
	Origin            string      `xml:"origin,attr,omitempty"`
	CreatingUserGUID  string      `xml:"creatingUserGUID,attr,omitempty"`
	CreationDateTime  string      `xml:"creationDateTime,attr,omitempty"`
	ModifyingUserGUID string      `xml:"modifyingUserGUID,attr,omitempty"`
	ModifiedDateTime  string      `xml:"modifiedDateTime,attr,omitempty"`
	BasePath          string      `xml:"basePath,attr,omitempty"`
	Users             *xUsers     `xml:"Users"`
	CodeBook          *xCodeBook  `xml:"CodeBook"`
	Variables         *xVariables `xml:"Variables"`
	Cases             *xCases     `xml:"Cases"`
	Sources           *xSources   `xml:"Sources"`
	Notes             *xNotes     `xml:"Notes"`
	Links             *xCount     `xml:"Links"`
	Sets              *xCount     `xml:"Sets"`
	Graphs            *xCount     `xml:"Graphs"`
	Description       string      `xml:"Description,omitempty"`
	NoteRefs          []xRef      `xml:"NoteRef"`
}

// xCount counts the children of a container plancoder does not take in
// (links, sets, graphs), so the importer can report them; never written.
type xCount struct {
	Items []struct {
		XMLName xml.Name
	} `xml:",any"`
}

type xUsers struct {
	Users []xUser `xml:"User"`
}

type xUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

type xCodeBook struct {
	XMLName xml.Name `xml:"CodeBook"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	Origin  string   `xml:"origin,attr,omitempty"`
	Codes   xCodes   `xml:"Codes"`
	Sets    *xSets   `xml:"Sets"`
}

type xCodes struct {
	Codes []xCode `xml:"Code"`
}

type xCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	IsCodable   string  `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr,omitempty"`
	Description string  `xml:"Description,omitempty"`
	NoteRefs    []xRef  `xml:"NoteRef"`
	Codes       []xCode `xml:"Code"`
}

type xSets struct {
	Sets []xSet `xml:"Set"`
}

type xSet struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	Description string    `xml:"Description,omitempty"`
	MemberCodes []xMember `xml:"MemberCode"`
}

// xMember is a set member: the codebook writes guid, the project targetGUID.
type xMember struct {
	GUID       string `xml:"guid,attr,omitempty"`
	TargetGUID string `xml:"targetGUID,attr,omitempty"`
}

type xVariables struct {
	Variables []xVariable `xml:"Variable"`
}

type xVariable struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

type xCases struct {
	Cases []xCase `xml:"Case"`
}

type xCase struct {
	GUID        string           `xml:"guid,attr"`
	Name        string           `xml:"name,attr,omitempty"`
	Description string           `xml:"Description,omitempty"`
	CodeRefs    []xRef           `xml:"CodeRef"`
	Values      []xVariableValue `xml:"VariableValue"`
	SourceRefs  []xRef           `xml:"SourceRef"`
}

type xVariableValue struct {
	VariableRef   xRef    `xml:"VariableRef"`
	TextValue     *string `xml:"TextValue"`
	BooleanValue  *string `xml:"BooleanValue"`
	IntegerValue  *string `xml:"IntegerValue"`
	FloatValue    *string `xml:"FloatValue"`
	DateValue     *string `xml:"DateValue"`
	DateTimeValue *string `xml:"DateTimeValue"`
}

// value returns the value as text, whatever its type.
func (v xVariableValue) value() string {
	for _, p := range []*string{v.TextValue, v.BooleanValue, v.IntegerValue, v.FloatValue, v.DateValue, v.DateTimeValue} {
		if p != nil {
			return *p
		}
	}
	return ""
}

type xRef struct {
	TargetGUID string `xml:"targetGUID,attr"`
}

type xSources struct {
	Text  []xTextSource `xml:"TextSource"`
	PDF   []xPDFSource  `xml:"PDFSource"`
	Other []xAnySource  `xml:",any"`
}

// xAnySource catches picture, audio and video sources, which plancoder
// cannot take in; the importer reports them.
type xAnySource struct {
	XMLName xml.Name
	GUID    string `xml:"guid,attr"`
	Name    string `xml:"name,attr"`
}

type xTextSource struct {
	GUID             string                `xml:"guid,attr"`
	Name             string                `xml:"name,attr,omitempty"`
	RichTextPath     string                `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string                `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     string                `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string                `xml:"creationDateTime,attr,omitempty"`
	Description      string                `xml:"Description,omitempty"`
	PlainTextContent *string               `xml:"PlainTextContent"`
	Selections       []xPlainTextSelection `xml:"PlainTextSelection"`
	Codings          []xCoding             `xml:"Coding"`
	NoteRefs         []xRef                `xml:"NoteRef"`
	Values           []xVariableValue      `xml:"VariableValue"`
}

type xPDFSource struct {
	GUID           string           `xml:"guid,attr"`
	Name           string           `xml:"name,attr"`
	Path           string           `xml:"path,attr"`
	Description    string           `xml:"Description"`
	Representation *xTextSource     `xml:"Representation"`
	Codings        []xCoding        `xml:"Coding"`
	NoteRefs       []xRef           `xml:"NoteRef"`
	Values         []xVariableValue `xml:"VariableValue"`
	PDFSelections  []xAnySource     `xml:"PDFSelection"`
}

type xPlainTextSelection struct {
	GUID             string    `xml:"guid,attr"`
	Name             string    `xml:"name,attr,omitempty"`
	Start            string    `xml:"startPosition,attr"`
	End              string    `xml:"endPosition,attr"`
	CreatingUser     string    `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string    `xml:"creationDateTime,attr,omitempty"`
	Description      string    `xml:"Description,omitempty"`
	Codings          []xCoding `xml:"Coding"`
	NoteRefs         []xRef    `xml:"NoteRef"`
}

type xCoding struct {
	GUID             string `xml:"guid,attr"`
	CreatingUser     string `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          xRef   `xml:"CodeRef"`
	NoteRefs         []xRef `xml:"NoteRef"`
}

type xNotes struct {
	Notes []xTextSource `xml:"Note"`
}
