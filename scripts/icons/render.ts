/**
 * `npm run icons`: renders resources/icon.svg, the one source of the app's icon, to every size the
 * installers need, with Chromium's own SVG renderer (through Playwright, the system Chromium), each
 * size drawn from the vector rather than scaled from a bitmap. Writes, all committed:
 *   resources/icons/<n>x<n>.png  16…1024 (Linux takes the folder; electron-builder names them)
 *   resources/icon.png           512×512 (the window icon on Linux, read at run time)
 *   resources/icon.ico           Windows
 *   resources/icon.icns          macOS
 *   src/renderer/public/icon.svg the same drawing cropped to its tile, for the sidebar and the favicon
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../../e2e/support/chromium'
import { writeIcns, writeIco, type Png } from './containers'
import { pageIcon } from './page'

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const
const resources = join(import.meta.dirname, '../../resources')
const rendererIcon = join(import.meta.dirname, '../../src/renderer/public/icon.svg')

async function render(svg: Buffer): Promise<Png[]> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 })
    const source = `data:image/svg+xml;base64,${svg.toString('base64')}`
    const pngs: Png[] = []
    for (const size of ICON_SIZES) {
      await page.setViewportSize({ width: size, height: size })
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}img{display:block}</style>` +
          `<img width="${size}" height="${size}" alt="">`
      )
      await page.locator('img').evaluate(async (img: HTMLImageElement, src: string) => {
        img.src = src
        await img.decode()
      }, source)
      const data = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size }
      })
      pngs.push({ size, data })
    }
    return pngs
  } finally {
    await browser.close()
  }
}

async function main(): Promise<void> {
  const pngs = await render(await readFile(join(resources, 'icon.svg')))
  await mkdir(join(resources, 'icons'), { recursive: true })
  for (const { size, data } of pngs) await writeFile(join(resources, 'icons', `${size}x${size}.png`), data)
  const png512 = pngs.find((png) => png.size === 512)
  if (!png512) throw new Error('no 512 image')
  await writeFile(join(resources, 'icon.png'), png512.data)
  await writeFile(join(resources, 'icon.ico'), writeIco(pngs))
  await writeFile(join(resources, 'icon.icns'), writeIcns(pngs))
  await writeFile(rendererIcon, pageIcon(await readFile(join(resources, 'icon.svg'), 'utf8')))
  console.log(
    `icons: ${pngs.length} sizes, icon.png, icon.ico and icon.icns written to resources/, and the page's icon.svg`
  )
}

main().catch((error: unknown) => {
  console.error(`icons: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
