/**
 * Vite plugin: `@shared/i18n/<locale>.<part>.json` is the part of `<locale>.json` named by
 * `src/shared/i18n/parts.ts`, served as JSON (the build's vue-i18n plugin then compiles it like the
 * whole file). The catalogues stay one file per language; only the page's download is cut in two.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'
import { pickPart, type CataloguePart } from '../src/shared/i18n/parts'

const PART = /[\\/]src[\\/]shared[\\/]i18n[\\/](en|sv)\.(first|later)\.json$/
const WHOLE = /[\\/]src[\\/]shared[\\/]i18n[\\/](en|sv)\.json$/

export function catalogueParts(): Plugin {
  let root = process.cwd()
  return {
    name: 'hostup:catalogue-parts',
    enforce: 'pre',
    configResolved(config) {
      root = config.root
    },
    // Usually an absolute path already (the `@shared` alias); a dev server's URL is made one.
    resolveId(source) {
      if (!PART.test(source)) return null
      const path = source.startsWith('/@fs/') ? source.slice('/@fs'.length) : source
      return existsSync(dirname(path)) ? path : join(root, path)
    },
    async load(id) {
      const match = PART.exec(id)
      if (!match) return null
      const [, locale, part] = match as unknown as [string, string, CataloguePart]
      const whole = join(dirname(id), `${locale}.json`)
      this.addWatchFile(whole)
      const catalogue = JSON.parse(await readFile(whole, 'utf8')) as object
      return JSON.stringify(pickPart(catalogue, part))
    },
    // The dev server: an edit of `en.json` reloads its parts (nothing imports the file itself).
    handleHotUpdate({ file, server, modules }) {
      const locale = WHOLE.exec(file)?.[1]
      if (!locale) return undefined
      const parts = [...server.moduleGraph.idToModuleMap.values()].filter((mod) => {
        const match = mod.id === null ? null : PART.exec(mod.id)
        return match?.[1] === locale
      })
      for (const mod of parts) server.moduleGraph.invalidateModule(mod)
      return [...modules, ...parts]
    }
  }
}
