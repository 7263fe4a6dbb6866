// Command floor builds a folder of pages the floor's way (package floor),
// as its own process, so that it can be timed beside Hugo and Playbook:
//
//	go build -o floor ./generator/internal/floor/cmd/floor
//	/usr/bin/time -f '%e s %M KiB' ./floor CONTENT OUT
package main

import (
	"fmt"
	"os"

	"playbook/generator/internal/floor"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor CONTENT OUT")
		os.Exit(2)
	}
	if err := floor.Build(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
