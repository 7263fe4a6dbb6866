//go:build !linux

package writer

func swap(staging, dest string) error {
	return swapByRename(staging, dest)
}
