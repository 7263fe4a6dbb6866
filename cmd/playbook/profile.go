package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profiled runs a command while writing a CPU profile of it to file
// (PLAYBOOK_CPUPROFILE=FILE; go tool pprof reads it): what a report of a
// slow build should carry.
func profiled(file string, run func() int) int {
	out, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "playbook: PLAYBOOK_CPUPROFILE:", err)
		return 1
	}
	code := run()
	pprof.StopCPUProfile()
	if err := out.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "playbook: PLAYBOOK_CPUPROFILE:", err)
	}
	return code
}
