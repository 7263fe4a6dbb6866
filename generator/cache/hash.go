package cache

import (
	"encoding/binary"
	"math/bits"
)

// The hashes are the same in every process, so a build can keep what it
// made on disk for the next one (maphash's seeds are random by design).
// The function is wyhash (final version 4, public domain): fast on long
// inputs, well mixed on short ones; 64 bits keep accidental collisions
// out of reach for any playbook.
const (
	wyp0 = 0xa0761d6478bd642f
	wyp1 = 0xe7037ed1a0b428db
	wyp2 = 0x8ebc6af09c88c6e3
	wyp3 = 0x589965cc75374cc3
)

func wymix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func r8(p []byte, i int) uint64 { return binary.LittleEndian.Uint64(p[i:]) }
func r4(p []byte, i int) uint64 { return uint64(binary.LittleEndian.Uint32(p[i:])) }

// wyhash hashes p.
func wyhash(p []byte, seed uint64) uint64 {
	n := len(p)
	seed ^= wymix(seed^wyp0, wyp1)
	var a, b uint64
	switch {
	case n <= 16:
		if n >= 4 {
			q := (n >> 3) << 2
			a = r4(p, 0)<<32 | r4(p, q)
			b = r4(p, n-4)<<32 | r4(p, n-4-q)
		} else if n > 0 {
			a = uint64(p[0])<<16 | uint64(p[n>>1])<<8 | uint64(p[n-1])
		}
	default:
		i, off := n, 0
		if i > 48 {
			see1, see2 := seed, seed
			for i > 48 {
				seed = wymix(r8(p, off)^wyp1, r8(p, off+8)^seed)
				see1 = wymix(r8(p, off+16)^wyp2, r8(p, off+24)^see1)
				see2 = wymix(r8(p, off+32)^wyp3, r8(p, off+40)^see2)
				off += 48
				i -= 48
			}
			seed ^= see1 ^ see2
		}
		for i > 16 {
			seed = wymix(r8(p, off)^wyp1, r8(p, off+8)^seed)
			off += 16
			i -= 16
		}
		a, b = r8(p, off+i-16), r8(p, off+i-8)
	}
	a ^= wyp1
	b ^= seed
	b, a = bits.Mul64(a, b)
	return wymix(a^wyp0^uint64(n), b^wyp1)
}
