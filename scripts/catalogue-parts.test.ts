/**
 * The vite plugin that cuts each catalogue in two, run in a real Vite server over a copy of the
 * catalogues: each part holds its namespaces, and an edit of the whole file reaches its parts.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LATER_NAMESPACES } from '../src/shared/i18n/parts'
import { catalogueParts } from './catalogue-parts'

let root: string
let server: ViteDevServer
const I18N = () => join(root, 'src/shared/i18n')

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hostup-catalogue-parts-'))
  await mkdir(I18N(), { recursive: true })
  for (const locale of ['en', 'sv'])
    await writeFile(
      join(I18N(), `${locale}.json`),
      await readFile(join(import.meta.dirname, `../src/shared/i18n/${locale}.json`))
    )
  server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: { middlewareMode: true, hmr: false, watch: null },
    plugins: [catalogueParts()]
  })
})

afterEach(async () => {
  await server.close()
  await rm(root, { recursive: true, force: true })
})

/** The part's JSON, as the plugin serves it (before vite turns it into a module). */
async function part(locale: string, which: string): Promise<Record<string, unknown>> {
  const id = join(I18N(), `${locale}.${which}.json`)
  const resolved = await server.pluginContainer.resolveId(id)
  const loaded = await server.pluginContainer.load(resolved?.id ?? id)
  const code = typeof loaded === 'string' ? loaded : (loaded?.code ?? '')
  return JSON.parse(code) as Record<string, unknown>
}

describe('catalogueParts', () => {
  it('serves each part with its namespaces only, from the one file per language', async () => {
    for (const locale of ['en', 'sv']) {
      const whole = JSON.parse(await readFile(join(I18N(), `${locale}.json`), 'utf8')) as Record<
        string,
        unknown
      >
      const first = await part(locale, 'first')
      const later = await part(locale, 'later')
      expect(Object.keys(later).sort()).toEqual([...LATER_NAMESPACES].sort())
      expect({ ...first, ...later }).toEqual(whole)
    }
  })

  it('hands an edit of the whole file on to the parts loaded from it, and only its own', async () => {
    const id = (locale: string, which: string) => join(I18N(), `${locale}.${which}.json`)
    for (const [locale, which] of [
      ['en', 'first'],
      ['en', 'later'],
      ['sv', 'first']
    ] as const)
      await server.transformRequest(`/@fs${id(locale, which)}`)
    const plugin = catalogueParts()
    const hook = plugin.handleHotUpdate as (ctx: unknown) => { id: string | null }[] | undefined
    const affected = hook({
      file: join(I18N(), 'en.json'),
      server,
      modules: [],
      read: () => '',
      timestamp: 0
    })
    expect((affected ?? []).map((m) => m.id).sort()).toEqual([id('en', 'first'), id('en', 'later')].sort())
    expect(
      hook({ file: join(root, 'other.json'), server, modules: [], read: () => '', timestamp: 0 })
    ).toBeUndefined()
  })
})
