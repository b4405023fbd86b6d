// Command plancoder ingests, codes and analyses policy plans.
package main

import "os"

func main() { os.Exit(Main()) }
