/**
 * Vite plugin: `@shared/i18n/<locale>.<part>.json` is the part of `<locale>.json` named by
 * `src/shared/i18n/parts.ts`, served as JSON (the build's vue-i18n plugin then compiles it like the
 * whole file). The catalogues stay one file per language; only the page's download is cut in two.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'
import { pickPart, type CataloguePart } from '../src/shared/i18n/parts'

const PART = /[\\/]src[\\/]shared[\\/]i18n[\\/](en|sv)\.(first|later)\.json$/

export function catalogueParts(): Plugin {
  return {
    name: 'hostup:catalogue-parts',
    enforce: 'pre',
    resolveId(source) {
      return PART.test(source) ? source : null
    },
    async load(id) {
      const match = PART.exec(id)
      if (!match) return null
      const [, locale, part] = match as unknown as [string, string, CataloguePart]
      const whole = join(dirname(id), `${locale}.json`)
      this.addWatchFile(whole)
      const catalogue = JSON.parse(await readFile(whole, 'utf8')) as object
      return JSON.stringify(pickPart(catalogue, part))
    }
  }
}
