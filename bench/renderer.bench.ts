/**
 * What a person feels in the window: the built renderer in Chromium through the harness (the real
 * main behind it), each figure beside the same measurement of a bare page in the same browser.
 *
 * - ready: navigation start → the contact form's first field interactive, 15 cold loads (no cache)
 * - download: gzip bytes of the JS and CSS the first view loads; the lazy chunks listed apart
 * - typing: an input event → the field's new verdict painted, and the key's own work (the verdict
 *   on the field and the layout done), p95 over 200 keys that each turn the verdict over, on the
 *   form's e-mail field and on a bare page that validates one field the plainest way
 * - renderer heap after start
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from '@playwright/test'
import { launchHarness, type Harness } from '../e2e/harness'
import { seedProfile } from '../e2e/support/app'
import { serveDirectory, type StaticServer } from '../e2e/support/static-server'
import { figure, median, percentile, type Figure } from './figures'

const LOADS = 15
const KEYS = 200
const EMAIL = '#contact-email'
const RENDERER = resolve(import.meta.dirname, '../out/renderer')

/**
 * A load without cache: navigation start → `ready` interactive, and the app's own files the page had
 * fetched by then (what the first view waited for, including what it imported on the way).
 */
async function coldLoad(page: Page, url: string, ready: string): Promise<{ ms: number; fetched: string[] }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await page.goto(url, { waitUntil: 'commit' })
  const handle = await page.waitForFunction(
    (selector) => {
      const el = document.querySelector<HTMLInputElement>(selector)
      if (el === null || el.disabled || el.getClientRects().length === 0) return false
      return {
        ms: performance.now(),
        fetched: performance.getEntriesByType('resource').map((entry) => entry.name)
      }
    },
    ready,
    { polling: 'raf' }
  )
  const loaded = (await handle.jsonValue()) as { ms: number; fetched: string[] }
  await cdp.detach()
  return loaded
}

/**
 * Types `count` keys into `selector` from inside the page, each one turning the field's verdict
 * over (an e-mail whose last letter is typed, then erased: valid, invalid, valid…), and times each
 * from its input event until the field shows its new verdict (`aria-invalid`) and the layout is done
 * (`work`), and until the frame with it on screen is painted (`painted`). The field is left once
 * first, as a person correcting it has: only then does it show an error.
 *
 * Painted: a person's keys fall anywhere in the frame (60 per second here), so key `i` is typed
 * at a fixed phase after a paint, spread over the frame by the golden ratio; the end is the first
 * task after the next frame's rendering (a message posted from its animation callback).
 *
 * Waiting for the verdict itself matters: a fixed number of turns measured only the value's
 * re-render while the form's validation (batched behind a timer) was still to come, and a key that
 * leaves the verdict unchanged shows nothing to wait for.
 */
function typing(page: Page, selector: string, count: number): Promise<{ work: number[]; painted: number[] }> {
  return page.evaluate(
    async ([sel, n]) => {
      const el = document.querySelector<HTMLInputElement>(sel)
      if (!el) throw new Error(`no ${sel}`)
      // (Inline, no named helpers: the bundler would wrap them in a helper the page lacks.)
      const valid = 'anna.svensson@example.se'
      el.focus()
      el.value = valid
      el.dispatchEvent(new Event('input', { bubbles: true }))
      el.blur()
      el.focus()
      const work: number[] = []
      const painted: number[] = []
      for (let i = 0; i < n; i += 1) {
        // Just after a paint, then at this key's phase of the frame (busy: timers are clamped).
        await new Promise((done) =>
          requestAnimationFrame(() => {
            const channel = new MessageChannel()
            channel.port1.onmessage = () => done(undefined)
            channel.port2.postMessage(0)
          })
        )
        const phase = ((i * 0.618034) % 1) * 15
        const after = performance.now()
        while (performance.now() - after < phase) {
          // the person has not typed yet
        }
        // Keys 0, 2, 4… erase the last letter ("example.s" has no two-letter top-level domain), the others type it.
        const invalid = i % 2 === 0
        const started = performance.now()
        el.value = invalid ? valid.slice(0, -1) : valid
        el.dispatchEvent(new Event('input', { bubbles: true }))
        // Until the verdict is on the field: first through microtasks, where the key's own promises
        // and the framework's render run before the next frame; then, for work that waits for a
        // timer or a message, task by task (not timers, which are clamped). Tasks that merely happen
        // to be queued are not the key's work: the frame does not wait for them.
        for (let spins = 0; (el.getAttribute('aria-invalid') === 'true') !== invalid; spins += 1) {
          if (spins < 500) await Promise.resolve()
          else
            await new Promise((done) => {
              const channel = new MessageChannel()
              channel.port1.onmessage = () => done(undefined)
              channel.port2.postMessage(0)
            })
          if (performance.now() - started > 5000) throw new Error(`${sel} never showed its verdict`)
        }
        void document.body.offsetHeight
        work.push(performance.now() - started)
        await new Promise((done) =>
          requestAnimationFrame(() => {
            const channel = new MessageChannel()
            channel.port1.onmessage = () => done(undefined)
            channel.port2.postMessage(0)
          })
        )
        painted.push(performance.now() - started)
      }
      return { work, painted }
    },
    [selector, count] as const
  )
}

/** The same pipeline on a bare page: one listener checks the e-mail, sets aria-invalid and the message. */
async function bare(page: Page, server: StaticServer): Promise<void> {
  await page.goto(`${server.url}blank.html`)
  await page.evaluate(() => {
    const input = document.createElement('input')
    input.id = 'bare'
    const message = document.createElement('p')
    input.addEventListener('input', () => {
      const valid = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*\.\p{L}{2,}$/u.test(input.value)
      if (valid) input.removeAttribute('aria-invalid')
      else input.setAttribute('aria-invalid', 'true')
      message.textContent = valid ? '' : 'Enter a valid e-mail address, e.g. anna@example.com'
    })
    document.body.append(input, message)
  })
}

/**
 * The first view's download: the files index.html names and every other script or style the page
 * had fetched when the form became interactive (the catalogue of its language, say).
 */
async function downloads(
  fetched: string[]
): Promise<{ first: number; lazy: { name: string; kb: number }[] }> {
  const html = await readFile(join(RENDERER, 'index.html'), 'utf8')
  const first = new Set(
    [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string)
  )
  for (const url of fetched) {
    const path = /\/(assets\/[^/?#]+\.(?:js|css))(?:[?#]|$)/.exec(url)?.[1]
    if (path) first.add(path)
  }
  const gz = async (path: string): Promise<number> => gzipSync(await readFile(join(RENDERER, path))).length
  let total = 0
  for (const path of first) total += await gz(path)
  const lazy: { name: string; kb: number }[] = []
  for (const name of await readdir(join(RENDERER, 'assets'))) {
    const path = `assets/${name}`
    if (!first.has(path) && /\.(js|css)$/.test(name)) lazy.push({ name, kb: (await gz(path)) / 1024 })
  }
  return { first: total / 1024, lazy }
}

export async function run(): Promise<Figure[]> {
  const blankDir = await mkdtemp(join(tmpdir(), 'hostup-bench-blank-'))
  await writeFile(
    join(blankDir, 'blank.html'),
    '<!doctype html><html><head><title>blank</title></head><body><input id="blank"></body></html>'
  )
  const server = await serveDirectory(blankDir)
  let h: Harness | undefined
  try {
    h = await launchHarness()
    await seedProfile(h, 'Bench AB')
    const appUrl = h.page.url()
    const first = '#contact-firstname'
    const { fetched } = await coldLoad(h.page, appUrl, first)
    const ready: number[] = []
    const blank: number[] = []
    for (let i = 0; i < LOADS; i += 1) {
      blank.push((await coldLoad(h.page, `${server.url}blank.html`, '#blank')).ms)
      ready.push((await coldLoad(h.page, appUrl, first)).ms)
    }

    const cdp = await h.page.context().newCDPSession(h.page)
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024
    await cdp.detach()

    await typing(h.page, EMAIL, 20)
    const keys = await typing(h.page, EMAIL, KEYS)
    await bare(h.page, server)
    await typing(h.page, '#bare', 20)
    const bareKeys = await typing(h.page, '#bare', KEYS)

    const size = await downloads(fetched)
    console.log(
      `  lazy chunks (gzip): ${size.lazy
        .sort((a, b) => b.kb - a.kb)
        .map((c) => `${c.name} ${c.kb.toFixed(1)} KB`)
        .join(', ')}`
    )
    return [
      figure({
        figure: 'renderer ready (median of 15 cold loads)',
        value: median(ready),
        unit: 'ms',
        floor: median(blank),
        goal: '≤ 2.0× the floor',
        meets: (_, ratio) => ratio !== null && ratio <= 2
      }),
      figure({
        figure: 'initial download (gzip, JS + CSS of the first view)',
        value: size.first,
        unit: 'KB',
        goal: '≤ 100 KB',
        meets: (value) => value <= 100
      }),
      // The issue's one goal, "≤ 16 ms and ≤ 2×", in two rows: at 60 frames a second even the bare
      // page's painted p95 is a whole frame (~16.7 ms), so the 16 ms is the key's own work (it must
      // fit in a frame), the 2× the painted time beside the bare page's.
      figure({
        figure: 'typing: keystroke → validation state painted (p95 of 200)',
        value: percentile(keys.painted, 0.95),
        unit: 'ms',
        floor: percentile(bareKeys.painted, 0.95),
        goal: '≤ 2× the bare page',
        meets: (_, ratio) => ratio !== null && ratio <= 2
      }),
      figure({
        figure: "typing: the key's work, input → validation state laid out (p95 of 200)",
        value: percentile(keys.work, 0.95),
        unit: 'ms',
        floor: percentile(bareKeys.work, 0.95),
        goal: '≤ 16 ms (within one frame)',
        meets: (value) => value <= 16
      }),
      figure({
        figure: 'renderer heap after start',
        value: heap,
        unit: 'MiB',
        goal: '≤ 50 MB',
        meets: (value) => value <= 50
      })
    ]
  } finally {
    await h?.forget()
    await server.close()
    await rm(blankDir, { recursive: true, force: true })
  }
}
