import { resolve } from 'node:path'
import { chromium, expect, test } from '@playwright/test'
import { chromiumLaunchOptions } from './support/chromium'
import { serveDirectory } from './support/static-server'

test('the built renderer loads in Chromium with no console errors', async () => {
  const server = await serveDirectory(resolve(__dirname, '../out/renderer'))
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    await page.goto(server.url)
    await expect(page.locator('#app')).not.toBeEmpty()
    expect(problems).toEqual([])
  } finally {
    await browser.close()
    await server.close()
  }
})
