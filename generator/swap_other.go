//go:build !linux

package generator

func swap(staging, dest string) error {
	return swapByRename(staging, dest)
}
