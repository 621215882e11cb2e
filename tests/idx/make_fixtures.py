#!/usr/bin/env python3
"""make_fixtures.py - writes the small IDX files tests/test_idx.c reads.

Run from anywhere: python3 tests/idx/make_fixtures.py. The outputs are
committed, so the tests do not need Python; rerunning gives the same bytes
(gzip's mtime is 0, the junk comes from a fixed seed).

The good set: 3 images of 3x3 whose pixel (i, r, c) is 100*i + 10*r + c,
so a test can check every byte from the formula, and labels 7, 0, 9.
"""
import gzip
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


def images(count, rows, cols, pixels, magic=IMAGES_MAGIC):
    return struct.pack(">IIII", magic, count, rows, cols) + bytes(pixels)


def labels(count, values, magic=LABELS_MAGIC):
    return struct.pack(">II", magic, count) + bytes(values)


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    pixels = [100 * i + 10 * r + c
              for i in range(3) for r in range(3) for c in range(3)]
    good_images = images(3, 3, 3, pixels)
    good_labels = labels(3, [7, 0, 9])
    good_images_gz = gz(good_images)

    # good, raw and gzip
    write("images-3x3.idx", good_images)
    write("labels-3.idx", good_labels)
    write("images-3x3.idx.gz", good_images_gz)
    write("labels-3.idx.gz", gz(good_labels))
    # two gzip members back to back (as `cat a.gz b.gz`): header, pixels
    write("images-2members.idx.gz",
          gz(good_images[:16]) + gz(good_images[16:]))

    # F2: the header lies
    write("images-magic.idx", images(3, 3, 3, pixels, magic=0x00000804))
    write("images-truncated.idx", good_images[:16 + 20])
    write("images-trailing.idx", good_images + b"\x00\x00")
    write("images-zero.idx", images(0, 3, 3, []))
    write("images-65535cubed.idx", images(65535, 65535, 65535, []))
    write("labels-4.idx", labels(4, [7, 0, 9, 1]))
    write("labels-bad.idx", labels(3, [7, 12, 9]))
    write("empty.idx", b"")
    rng = random.Random(6)
    write("junk.bin", bytes(rng.randrange(256) for _ in range(64)))

    # F3: gzip trouble
    write("images-cut.idx.gz", good_images_gz[:len(good_images_gz) // 2])
    crc = bytearray(good_images_gz)
    crc[-8] ^= 0x01                      # first byte of the CRC32
    write("images-crc.idx.gz", bytes(crc))
    bad = bytearray(good_images_gz)
    bad[10] |= 0x06                      # BTYPE 11: a reserved block type
    write("images-corrupt.idx.gz", bytes(bad))
    write("images-garbage.idx.gz", good_images_gz + b"junk")


if __name__ == "__main__":
    main()
