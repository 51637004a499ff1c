// electron-builder.yml, checked where it cannot be run: read and validated by electron-builder's own
// code and schema (app-builder-lib, installed with electron-builder), then held to the project's rules.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Configuration } from 'app-builder-lib'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { minimatch } from 'minimatch'
import { parse as parseYaml } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { ICNS_TYPES, ICO_SIZES, pngSize, readIcns, readIco } from './icons/containers'
import { pageIcon } from './icons/page'

const root = join(import.meta.dirname, '..')
const resources = join(root, 'resources')
const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

let config: Configuration

const validate = (candidate: Configuration): Promise<void> =>
  validateConfiguration(candidate, new DebugLogger(false))

/** The shape of a `target` list, whatever form electron-builder allows it in. */
function targetsOf(target: unknown): string[] {
  const list = Array.isArray(target) ? (target as unknown[]) : target == null ? [] : [target]
  return list.map((entry) =>
    typeof entry === 'string' ? entry : String((entry as { target: string }).target)
  )
}

/**
 * electron-builder's reading of `files`: a path ships when a pattern takes it and no later `!` pattern
 * drops it; production dependencies (node_modules) are added by electron-builder and only dropped.
 */
function ships(path: string, patterns: readonly string[]): boolean {
  let taken = path.startsWith('node_modules/')
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (minimatch(path, pattern.slice(1), { dot: true })) taken = false
    } else if (minimatch(path, pattern, { dot: true })) taken = true
  }
  return taken
}

beforeAll(async () => {
  config = await getConfig(root, 'electron-builder.yml', null)
})

describe('electron-builder.yml against electron-builder itself', () => {
  it("passes electron-builder's own validation against its configuration schema", async () => {
    await expect(validate(config)).resolves.toBeUndefined()
  })

  it.each([
    ['a misspelt option', (c: Configuration): unknown => ({ ...c, mac: { ...c.mac, hardendRuntime: true } })],
    ['an unknown top-level key', (c: Configuration): unknown => ({ ...c, electronFuse: {} })],
    [
      'a fuse that does not exist',
      (c: Configuration): unknown => ({ ...c, electronFuses: { runAsNod: false } })
    ],
    [
      'a target of another OS',
      (c: Configuration): unknown => ({ ...c, mac: { ...c.mac, target: ['nsis'] } })
    ],
    ['a wrong type', (c: Configuration): unknown => ({ ...c, nsis: { ...c.nsis, perMachine: 'no' } })]
  ] as [string, (c: Configuration) => unknown][])(
    'rejects %s, so a typo fails here',
    async (_name, change) => {
      await expect(validate(change(config) as Configuration)).rejects.toThrow(/configuration|invalid/i)
    }
  )

  it('names the app as the person sees it', () => {
    expect(config.appId).toBe('se.hostup.contacts')
    expect(config.productName).toBe('HostUp Contacts')
    expect(config.directories?.buildResources).toBe('resources')
  })
})

describe('electron-builder.yml, the rules', () => {
  it('burns in the fuses: nothing turns Node or an outside app back on', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('ships only the build output and what runs: no sources, tests or maps', () => {
    // electron-builder reads the list as one filter set; a string entry is one pattern.
    const files = (config.files as (string | { filter?: string | string[] })[]).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()
    )
    expect(files.filter((pattern) => !pattern.startsWith('!'))).toEqual([
      'out/**',
      'package.json',
      'resources/icon.png'
    ])
    for (const path of [
      'out/main/index.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc.js',
      'package.json',
      'resources/icon.png',
      'node_modules/keytar/build/Release/keytar.node',
      'node_modules/keytar/lib/keytar.js'
    ])
      expect(ships(path, files), path).toBe(true)
    for (const path of [
      'out/main/index.js.map',
      'out/renderer/assets/index-abc.js.map',
      'out/main/index.test.js',
      'src/main/index.ts',
      'src/shared/i18n/en.json',
      'e2e/harness/index.ts',
      'scripts/test.sh',
      'resources/icon.svg',
      'README.md',
      'electron-builder.yml',
      'node_modules/keytar/src/keytar_posix.cc',
      'node_modules/keytar/build/Release/obj.target/keytar/src/async.o'
    ])
      expect(ships(path, files), path).toBe(false)
  })

  it("keeps asar on, with keytar's native module unpacked beside it and not rebuilt (N-API)", () => {
    expect(config.asar).toBe(true)
    const unpack = config.asarUnpack as string[]
    expect(
      unpack.some((pattern) => minimatch('node_modules/keytar/build/Release/keytar.node', pattern))
    ).toBe(true)
    expect(unpack.some((pattern) => minimatch('node_modules/keytar/lib/keytar.js', pattern))).toBe(false)
    expect(config.npmRebuild).toBe(false)
  })

  it('builds dmg and zip for macOS, hardened, with the entitlements file and notarisation left on', async () => {
    const mac = config.mac ?? {}
    expect(targetsOf(mac.target)).toEqual(['dmg', 'zip'])
    expect(mac.hardenedRuntime).toBe(true)
    expect(mac.notarize).not.toBe(false)
    expect(mac.entitlements).toBe('resources/entitlements.mac.plist')
    expect(mac.entitlementsInherit).toBe('resources/entitlements.mac.plist')
    const plist = await readFile(join(root, 'resources/entitlements.mac.plist'), 'utf8')
    // JIT for V8 and nothing else relaxed.
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual([
      'com.apple.security.cs.allow-jit'
    ])
  })

  it('builds a per-user NSIS installer that never asks for an administrator, and a portable exe', () => {
    expect(targetsOf(config.win?.target)).toEqual(['nsis', 'portable'])
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false })
    expect(config.portable).toMatchObject({ requestExecutionLevel: 'user' })
    // Both are .exe files: their names must differ or one overwrites the other in dist/.
    expect(config.nsis?.artifactName).not.toBe(config.portable?.artifactName)
  })

  it('builds AppImage, deb and rpm for Linux, the packages depending on libsecret', () => {
    expect(targetsOf(config.linux?.target)).toEqual(['AppImage', 'deb', 'rpm'])
    expect(config.deb?.depends).toContain('libsecret-1-0')
    expect(config.rpm?.depends).toContain('libsecret')
    // deb refuses to build without these.
    expect(config.linux?.maintainer).toBeTruthy()
    expect((config.extraMetadata as { homepage?: string } | undefined)?.homepage).toMatch(/^https:\/\//)
  })
})

describe('the icon, at every size', () => {
  it('points each OS at its icon, and every file it points at exists', () => {
    expect(config.mac?.icon).toBe('resources/icon.icns')
    expect(config.win?.icon).toBe('resources/icon.ico')
    expect(config.linux?.icon).toBe('resources/icons')
    for (const path of [config.mac?.icon, config.win?.icon, config.linux?.icon])
      expect(existsSync(join(root, String(path))), String(path)).toBe(true)
  })

  it.each(ICON_SIZES)('has the %i px PNG, that size', async (size) => {
    const png = await readFile(join(resources, 'icons', `${size}x${size}.png`))
    expect(pngSize(png)).toEqual({ width: size, height: size })
  })

  it('has the 512 px window icon for Linux', async () => {
    expect(pngSize(await readFile(join(resources, 'icon.png')))).toEqual({ width: 512, height: 512 })
  })

  it('has a Windows .ico holding every size up to 256, each the PNG rendered for it', async () => {
    const ico = readIco(await readFile(join(resources, 'icon.ico')))
    expect(ico.map((entry) => entry.size)).toEqual([...ICO_SIZES])
    for (const entry of ico)
      expect(
        entry.data.equals(await readFile(join(resources, 'icons', `${entry.size}x${entry.size}.png`)))
      ).toBe(true)
  })

  it('has a macOS .icns with every PNG chunk type, each the size its type means', async () => {
    const icns = readIcns(await readFile(join(resources, 'icon.icns')))
    expect(icns).toEqual(ICNS_TYPES.map(([type, size]) => ({ type, size })))
  })

  it('comes from the one SVG source, which the page shows too (cropped to its tile)', async () => {
    const svg = await readFile(join(resources, 'icon.svg'), 'utf8')
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 1024 1024"/)
    const page = await readFile(join(root, 'src/renderer/public/icon.svg'), 'utf8')
    expect(page).toBe(pageIcon(svg))
    expect(page).toMatch(/^<svg [^>]*viewBox="100 100 824 824"/)
  })
})

describe('the release workflow', () => {
  interface Step {
    name?: string
    if?: string
    run?: string
    uses?: string
  }
  interface Workflow {
    on: Record<string, unknown>
    jobs: Record<
      string,
      {
        'runs-on': string
        steps: Step[]
        needs?: string
        strategy?: { matrix: { include: { os: string; target: string }[] } }
      }
    >
  }
  let workflow: Workflow

  beforeAll(async () => {
    workflow = parseYaml(await readFile(join(root, '.github/workflows/release.yml'), 'utf8')) as Workflow
  })

  it('builds each OS on its own runner with the npm script that exists for it', async () => {
    const matrix = workflow.jobs['package']?.strategy?.matrix.include ?? []
    expect(matrix.map(({ os, target }) => [os, target])).toEqual([
      ['macos-latest', 'mac'],
      ['windows-latest', 'win'],
      ['ubuntu-latest', 'linux']
    ])
    const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    for (const { target } of matrix)
      expect(scripts[`package:${target}`]).toMatch(new RegExp(`electron-builder --${target} `))
  })

  it('runs the Electron journeys before packaging, under Xvfb with a keyring on Linux', () => {
    const steps = workflow.jobs['package']?.steps ?? []
    const at = (predicate: (step: Step) => boolean): number => steps.findIndex(predicate)
    const journeys = steps.filter((step) => step.run?.includes('playwright test e2e/electron'))
    expect(journeys).toHaveLength(2)
    const linux = journeys.find((step) => step.if === "runner.os == 'Linux'")
    expect(linux?.run).toMatch(/^xvfb-run .*bash scripts\/with-keyring\.sh playwright test e2e\/electron/)
    const packaging = at((step) => step.run?.includes('npm run package:') === true)
    expect(packaging).toBeGreaterThan(0)
    for (const step of journeys) expect(steps.indexOf(step)).toBeLessThan(packaging)
    expect(at((step) => step.run === 'node node_modules/electron/install.js')).toBeLessThan(
      steps.indexOf(journeys[0] as Step)
    )
  })

  it('drafts a release only from a version tag, after every OS is packaged', () => {
    expect(workflow.jobs['release']?.needs).toBe('package')
  })
})
