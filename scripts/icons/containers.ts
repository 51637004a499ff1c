/**
 * The two icon containers electron-builder takes, written around PNG images (both formats carry PNG
 * payloads as they are): Windows `.ico` (PNG entries, Windows Vista and later) and macOS `.icns`
 * (the PNG-typed chunks). The readers are the tests' check that what was written parses back.
 */

export interface Png {
  size: number
  data: Buffer
}

/** The `.icns` chunk type for each PNG size (`ic11`…`ic14` are the @2x variants of the sizes below them). */
export const ICNS_TYPES: readonly (readonly [type: string, size: number])[] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512]
]

/** The sizes a Windows `.ico` carries: the shell picks among them for each place it shows one. */
export const ICO_SIZES: readonly number[] = [16, 24, 32, 48, 64, 128, 256]

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width and height from a PNG's IHDR chunk; throws on anything that is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } {
  if (
    data.length < 24 ||
    !data.subarray(0, 8).equals(PNG_SIGNATURE) ||
    data.toString('latin1', 12, 16) !== 'IHDR'
  )
    throw new Error('not a PNG image')
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}

function bySize(pngs: readonly Png[], size: number): Buffer {
  const found = pngs.find((png) => png.size === size)
  if (!found) throw new Error(`no ${size}×${size} image to put in the icon`)
  const { width, height } = pngSize(found.data)
  if (width !== size || height !== size) throw new Error(`the ${size} image is ${width}×${height}`)
  return found.data
}

export function writeIco(pngs: readonly Png[]): Buffer {
  const images = ICO_SIZES.map((size) => ({ size, data: bySize(pngs, size) }))
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // 1: icon
  header.writeUInt16LE(images.length, 4)
  let offset = 6 + 16 * images.length
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0) // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt8(0, 2) // no palette
    entry.writeUInt8(0, 3) // reserved
    entry.writeUInt16LE(1, 4) // colour planes
    entry.writeUInt16LE(32, 6) // bits per pixel
    entry.writeUInt32LE(data.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += data.length
    return entry
  })
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)])
}

export function readIco(file: Buffer): Png[] {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an .ico file')
  const count = file.readUInt16LE(4)
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i
    const declared = file.readUInt8(at) || 256
    const length = file.readUInt32LE(at + 8)
    const offset = file.readUInt32LE(at + 12)
    const data = file.subarray(offset, offset + length)
    if (pngSize(data).width !== declared)
      throw new Error(`entry ${i} says ${declared} but holds another size`)
    return { size: declared, data }
  })
}

export function writeIcns(pngs: readonly Png[]): Buffer {
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const data = bySize(pngs, size)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(8 + data.length, 4)
    return Buffer.concat([head, data])
  })
  const body = Buffer.concat(chunks)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + body.length, 4)
  return Buffer.concat([head, body])
}

export function readIcns(file: Buffer): { type: string; size: number }[] {
  if (file.toString('latin1', 0, 4) !== 'icns' || file.readUInt32BE(4) !== file.length)
    throw new Error('not an .icns file')
  const out: { type: string; size: number }[] = []
  for (let at = 8; at < file.length;) {
    const type = file.toString('latin1', at, at + 4)
    const length = file.readUInt32BE(at + 4)
    if (length < 8 || at + length > file.length) throw new Error(`chunk ${type} runs past the end`)
    out.push({ type, size: pngSize(file.subarray(at + 8, at + length)).width })
    at += length
  }
  return out
}
