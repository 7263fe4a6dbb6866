package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"

	"playbook/generator/serve"
)

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	cfg := serve.Config{Log: stdout}
	projectFlags(fs, &cfg.Build)
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:1313", "the `address` to listen on (loopback unless you mean to share)")
	open := fs.Bool("open", false, "open the site in the browser")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	}
	srv, err := serve.New(cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return srv.Run(ctx, func(addr string) {
		url := "http://" + addr + "/"
		fmt.Fprintf(stdout, "serving %s at %s (proposals: %s_proposals/); Ctrl-C stops\n", cfg.Build.ContentDir, url, url)
		if *open {
			openBrowser(url)
		}
	})
}

func openBrowser(url string) {
	cmd := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		cmd = "open"
	case "windows":
		cmd = "explorer"
	}
	_ = exec.Command(cmd, url).Start()
}
