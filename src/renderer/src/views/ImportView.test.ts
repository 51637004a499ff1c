import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import ImportView from './ImportView.vue'
import { useAppStore } from '../stores/app'
import { useImportStore } from '../stores/imports'
import { mountApp } from '../testing/app'
import { closeBackend, openBackend, type Backend } from '../testing/backend'
import { loadProfiles } from '../testing/setup'
import { accessibleName, button, buttonNames as buttonNamesOf, settle } from '../testing/dom'

const FIXTURES = resolve(__dirname, '../../../../e2e/fixtures/import')
const fixture = (name: string): string => join(FIXTURES, name)

let backend: Backend
let pinia: Pinia
let profileId: string
let wrapper: VueWrapper | null = null

beforeEach(async () => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
})

afterEach(async () => {
  wrapper?.unmount()
  wrapper = null
  useImportStore().dispose()
  useAppStore().dispose()
  await closeBackend()
})

async function mountImport(): Promise<VueWrapper> {
  backend = await openBackend()
  profileId = await backend.seedProfile('Acme AB')
  await loadProfiles()
  await useAppStore().init()
  wrapper = mount(ImportView, { global: { plugins: [pinia] }, attachTo: document.body })
  await vi.waitFor(() => expect(useImportStore().batchesLoaded).toBe(true))
  return wrapper
}

/** Chooses `name` in the open dialog, as the person does with "Choose file…". */
async function choose(view: VueWrapper, name: string): Promise<void> {
  backend.nextOpenPath(fixture(name))
  await button(view, 'Choose file…').trigger('click')
  await vi.waitFor(() => expect(view.find('.import-file__name').exists()).toBe(true))
  await settle()
}

function select(view: VueWrapper, name: string): DOMWrapper<HTMLSelectElement> {
  const found = view
    .findAll<HTMLSelectElement>('select')
    .find((s) => s.attributes('aria-label') === name || labelOf(view, s) === name)
  if (!found) throw new Error(`No select named "${name}"`)
  return found
}

function labelOf(view: VueWrapper, el: DOMWrapper<Element>): string {
  const id = el.attributes('id')
  const label = id ? view.find(`label[for="${id}"]`) : null
  return label?.exists() ? accessibleName(label.element) : ''
}

function input(view: VueWrapper, name: string): DOMWrapper<HTMLInputElement> {
  const found = view.findAll<HTMLInputElement>('input').find((i) => i.attributes('aria-label') === name)
  if (!found) throw new Error(`No input named "${name}"`)
  return found
}

const rowOf = (view: VueWrapper, row: number): DOMWrapper<Element> => {
  const found = view.findAll('.import-row').find((r) => r.find('th').text() === String(row))
  if (!found) throw new Error(`No row ${row} shown`)
  return found
}
const counts = (view: VueWrapper): string[] => view.findAll('.row-review__count').map((c) => c.text())

describe('the import view', () => {
  it('maps a Swedish semicolon file by its headers, and takes a corrected column', async () => {
    const view = await mountImport()
    await choose(view, 'semicolon-swedish.csv')
    expect(view.find('.import-file').text()).toContain('semicolon-swedish.csv')
    expect(view.find('.import-file').text()).toContain('CSV · UTF-8 · separated by semicolons')
    expect(view.find('.import-file').text()).toContain('4 rows')
    expect(select(view, 'Import the column “Förnamn” as').element.value).toBe('firstname')
    expect(select(view, 'Import the column “E-post” as').element.value).toBe('email')
    expect(select(view, 'Import the column “Land” as').element.value).toBe('country')
    // No password column: each contact gets one of its own.
    expect(view.text()).toContain('The file has no password column')

    // The person says Ort is not to be imported: main re-reads the rows without it.
    await select(view, 'Import the column “Ort” as').setValue('')
    await vi.waitFor(() => expect(useImportStore().report?.mapping.city).toBeUndefined())
    expect(useImportStore().report?.rows.every((r) => r.fields.city === '')).toBe(true)
    // Taking E-mail away is told, and the next step waits for it.
    await select(view, 'Import the column “E-post” as').setValue('')
    await vi.waitFor(() => expect(view.text()).toContain('No column is imported as E-mail'))
    expect(button(view, 'Check rows').element.disabled).toBe(true)
    await select(view, 'Import the column “E-post” as').setValue('email')
    await vi.waitFor(() => expect(button(view, 'Check rows').element.disabled).toBe(false))
  })

  it('reports invalid cells in the person’s language and duplicates, takes a fix in place and an exclusion', async () => {
    const view = await mountImport()
    await backend.created(profileId, { firstname: 'Erik', email: 'erik.andersson@example.se' })
    useAppStore().setLocale('sv')
    await choose(view, 'duplicates.csv')
    await button(view, 'Granska rader').trigger('click')
    await settle()
    expect(counts(view)).toEqual(['1 klar', '1 att rätta', '2 dubbletter', '0 överhoppade'])
    expect(rowOf(view, 3).text()).toMatch(/Skapades redan .* \(ID \d+\), så den importeras inte igen/)
    expect(rowOf(view, 4).text()).toContain('Samma e-post som rad 2')
    const bad = rowOf(view, 5)
    expect(bad.find('.badge').text()).toBe('Att rätta')
    expect(bad.text()).toContain('ange en landskod med två bokstäver')

    // Fixed in place: the e-mail first (the country is still wrong), then the country.
    await input(view, 'E-post på rad 5').setValue('bad.row@example.se')
    await button(view, 'Spara E-post på rad 5').trigger('submit')
    await vi.waitFor(() =>
      expect(view.find('[role="status"]').text()).toBe('Rad 5 behöver fortfarande rättas.')
    )
    await input(view, 'Land på rad 5').setValue('Norge')
    await view.find('.import-row--invalid form').trigger('submit')
    await vi.waitFor(() => expect(view.find('[role="status"]').text()).toBe('Rad 5 är klar.'))
    expect(rowOf(view, 5).find('.badge').text()).toBe('Klar')
    expect(counts(view)).toEqual(['2 klara', '0 att rätta', '2 dubbletter', '0 överhoppade'])

    // Leaving out the first Åsa makes the second one the first with that address.
    await view.find('input[type="radio"][value="all"]').setValue(true)
    expect(view.findAll('.import-row')).toHaveLength(4)
    await input(view, 'Ta med rad 2').setValue(false)
    await vi.waitFor(() =>
      expect(counts(view)).toEqual(['2 klara', '0 att rätta', '1 dubblett', '1 överhoppad'])
    )
    expect(rowOf(view, 4).find('.badge').text()).toBe('Klar')
  })

  it('makes a batch of the ready rows, sends it, reports each row and gives the login details once', async () => {
    const view = await mountImport()
    await choose(view, 'comma.csv')
    await button(view, 'Check rows').trigger('click')
    await settle()
    expect(view.text()).toContain('Every row is ready.')
    await button(view, 'Continue with 4 rows').trigger('click')
    await settle()
    const name = view.find<HTMLInputElement>('form.batch-setup input')
    expect(name.element.value).toBe('comma')
    await name.setValue('Lindqvist Bygg')
    await select(view, 'Permissions for every contact').setValue('support')
    expect(view.text()).toContain('4 contacts will be created.')
    await view.find('form.batch-setup').trigger('submit')
    await vi.waitFor(() => expect(view.find('.batch-progress').exists()).toBe(true))
    expect(view.find('.batch-progress h2').text()).toBe('Lindqvist Bygg')
    expect(view.find('.batch-progress .badge').text()).toBe('Not sent yet')
    // Nothing went to HostUp before "Send batch".
    expect(backend.sandbox.contacts).toHaveLength(0)

    await backend.start()
    await button(view, 'Send batch').trigger('click')
    await vi.waitFor(() => expect(view.find('.batch-progress .badge').text()).toBe('Done'), {
      timeout: 10_000
    })
    const bar = view.find('[role="progressbar"]')
    expect(bar.attributes('aria-valuenow')).toBe('4')
    expect(bar.attributes('aria-valuemax')).toBe('4')
    expect(view.find('.batch-progress__summary').text()).toBe('4 of 4 sent')
    const results = view.findAll('.batch-rows__result').map((c) => c.text())
    expect(results).toHaveLength(4)
    for (const text of results) expect(text).toMatch(/^Created\s*ID \d+\s*Permissions: Set$/)

    const reportPath = join(backend.dataDir, 'report.csv')
    backend.nextSavePath(reportPath)
    await button(view, 'Export report…').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain(`The report was saved to ${reportPath}.`))
    expect((await readFile(reportPath, 'utf8')).split('\r\n')[0]).toBe(
      '\uFEFFRow,Name,E-mail,Result,Contact ID,Permissions,Reason,HostUp’s words'
    )

    await button(view, 'Show login details').trigger('click')
    await vi.waitFor(() => expect(view.findAll('.batch-logins__table tbody tr')).toHaveLength(4))
    const passwords = view.findAll('.batch-logins__password code').map((c) => c.text())
    expect(passwords.every((p) => p.length === 16)).toBe(true)
    expect(await readFile(reportPath, 'utf8')).not.toContain(passwords[0])
    expect(view.text()).toContain('The file holds passwords.')
    const loginsPath = join(backend.dataDir, 'logins.csv')
    backend.nextSavePath(loginsPath)
    await button(view, 'Export login details…').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain(`4 logins were saved to ${loginsPath}.`))
    expect((await stat(loginsPath)).mode & 0o777).toBe(0o600)

    await button(view, 'Forget login details').trigger('click')
    await settle()
    const dialog = view.find('dialog[open]')
    expect(dialog.text()).toContain('Forget the login details of “Lindqvist Bygg”?')
    await dialog.findAll('button')[1]?.trigger('click')
    await vi.waitFor(() =>
      expect(view.text()).toContain('The login details of this batch are no longer kept.')
    )
    expect(view.find('.batch-logins').exists()).toBe(false)
    expect([...backend.keychain.entries.keys()].filter((k) => k.includes('draft:'))).toEqual([])

    // Back at the start, the batch is listed with its state.
    await button(view, '← All batches').trigger('click')
    await settle()
    expect(view.find('.batch-list__item').text()).toContain('Lindqvist Bygg')
    expect(view.find('.batch-list__item .badge').text()).toBe('Done')
  })

  it('pauses, resumes and cancels a batch; what was not sent stays as drafts', async () => {
    const view = await mountImport()
    await choose(view, 'comma.csv')
    await button(view, 'Check rows').trigger('click')
    await settle()
    await button(view, 'Continue with 4 rows').trigger('click')
    await settle()
    await view.find('form.batch-setup').trigger('submit')
    await vi.waitFor(() => expect(view.find('.batch-progress').exists()).toBe(true))
    await backend.start()
    // The first contact's answer is held until the batch is cancelled: it is in flight throughout.
    const release = backend.sandbox.holdAnswers()
    await button(view, 'Send batch').trigger('click')
    await vi.waitFor(() => expect(view.find('.batch-progress .badge').text()).toBe('Sending'))
    await button(view, 'Pause').trigger('click')
    await vi.waitFor(() => expect(view.find('.batch-progress .badge').text()).toBe('Paused'))
    await button(view, 'Resume').trigger('click')
    await vi.waitFor(() => expect(view.find('.batch-progress .badge').text()).toBe('Sending'))
    await button(view, 'Pause').trigger('click')
    await vi.waitFor(() => expect(view.find('.batch-progress .badge').text()).toBe('Paused'))

    await button(view, 'Cancel batch').trigger('click')
    await settle()
    const dialog = view.find('dialog[open]')
    expect(dialog.text()).toContain('Contacts not sent yet are taken back and kept as drafts.')
    await dialog.findAll('button')[1]?.trigger('click')
    await vi.waitFor(() => expect(view.find('.batch-progress .badge').text()).toBe('Cancelled'))
    // One at a time: nothing but the first was sent. It is created once its answer comes; the rest
    // are drafts again.
    expect(backend.sandbox.log.filter((r) => r.path === '/api/teams')).toHaveLength(1)
    release()
    await vi.waitFor(async () => {
      await useImportStore().refresh(useImportStore().batch?.batch.id ?? '')
      await settle()
      expect(view.findAll('.batch-rows__row--created')).toHaveLength(1)
    })
    expect(backend.sandbox.contacts).toHaveLength(1)
    expect(view.findAll('.batch-rows__row--cancelled')).toHaveLength(3)
    expect(view.text()).toContain('3 cancelled')
    const drafts = await backend.handlers['drafts:list']({ profileId })
    expect(drafts.ok && drafts.value.length).toBe(3)
    expect(buttonNamesOf(view)).not.toContain('Send batch')
  })

  it('shows why HostUp refused a row, in the app’s words and HostUp’s, and sends the rest', async () => {
    const view = await mountImport()
    await choose(view, 'comma.csv')
    await button(view, 'Check rows').trigger('click')
    await settle()
    await button(view, 'Continue with 4 rows').trigger('click')
    await settle()
    await view.find('form.batch-setup').trigger('submit')
    await vi.waitFor(() => expect(view.find('.batch-progress').exists()).toBe(true))
    await backend.start()
    backend.sandbox.failNext(
      {
        kind: 'problem',
        code: 'invalid_request',
        errors: [{ pointer: '/email', detail: 'The e-mail address is already used by another contact.' }]
      },
      { path: '/api/teams' }
    )
    await button(view, 'Send batch').trigger('click')
    await vi.waitFor(() => expect(view.find('.batch-progress .badge').text()).toBe('Done'), {
      timeout: 10_000
    })
    expect(view.find('.batch-progress__legend').text()).toContain('3 created')
    expect(view.find('.batch-progress__legend').text()).toContain('1 failed')
    const refused = view.find('.batch-rows__row--rejected')
    expect(refused.find('.badge').text()).toBe('Refused')
    expect(refused.find('.batch-rows__detail').text()).toMatch(
      /^HostUp refused to add the contact\. .*\s+E-mail: .+ \(HostUp says: “The e-mail address is already used by another contact\.”\)$/
    )
    expect(view.text()).toContain('HostUp refused 1 contact.')
  })

  it('picks another sheet of a workbook', async () => {
    const view = await mountImport()
    await choose(view, 'two-sheets.xlsx')
    expect(view.find('.import-file').text()).toContain('Excel workbook')
    const sheet = select(view, 'Sheet')
    expect(sheet.findAll('option').map((o) => o.text())).toEqual(['Read me', 'Kontakter'])
    await sheet.setValue('Kontakter')
    await vi.waitFor(() => expect(select(view, 'Import the column “E-post” as').element.value).toBe('email'))
    expect(view.find('.import-file').text()).toContain('3 rows')
  })

  it('tells what is wrong with a bad file in main’s words, and changes nothing', async () => {
    const view = await mountImport()
    for (const [name, says] of [
      ['empty.csv', 'The file is empty'],
      ['binary.csv', 'it is not text'],
      ['no-header.csv', 'The first row does not name the columns'],
      ['password-protected.xlsx', 'The workbook is protected with a password']
    ] as const) {
      backend.nextOpenPath(fixture(name))
      await button(view, 'Choose file…').trigger('click')
      await vi.waitFor(() => expect(view.find('[role="alert"]').text()).toContain(says))
      expect(view.find('.import-file').exists()).toBe(false)
    }
    // A cancelled dialog changes nothing either, and clears the last complaint.
    await button(view, 'Choose file…').trigger('click')
    await vi.waitFor(() => expect(view.find('[role="alert"]').exists()).toBe(false))
    expect(view.find('.import-start').exists()).toBe(true)
    const listed = await backend.handlers['batches:list']({ profileId })
    expect(listed).toEqual({ ok: true, value: [] })
    const drafts = await backend.handlers['drafts:list']({ profileId })
    expect(drafts).toEqual({ ok: true, value: [] })
  })
})

describe('a file dropped on the window', () => {
  function drop(target: Element, file: File | null): void {
    const files = file ? [file] : []
    const dataTransfer = { types: ['Files'], files, dropEffect: 'none' }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const event = new Event(type, { bubbles: true, cancelable: true })
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer })
      target.dispatchEvent(event)
    }
  }

  it('opens in Import from any view, by its path; one without a path is told', async () => {
    const mounted = await mountApp(pinia, { seed: (b) => b.seedProfile('Acme AB') })
    wrapper = mounted.app
    backend = mounted.backend
    expect(wrapper.find('h1').text()).toBe('New contact')
    drop(wrapper.find('main').element, backend.droppedFile(fixture('tab.txt')))
    await vi.waitFor(() => expect(wrapper?.find('.import-file__name').text()).toBe('tab.txt'))
    expect(wrapper.find('h1').text()).toBe('Import')
    expect(wrapper.find('.import-file').text()).toContain('separated by tabs')
    expect(backend.callsTo('import:open')).toEqual([
      { profileId: expect.any(String), path: fixture('tab.txt') }
    ])

    drop(wrapper.find('main').element, new File(['x'], 'clipboard.csv'))
    await vi.waitFor(() =>
      expect(wrapper?.find('[role="alert"]').text()).toContain('That file is not on this computer’s disk')
    )
    // What was open stays open.
    expect(wrapper.find('.import-file__name').text()).toBe('tab.txt')
    expect(backend.callsTo('import:open')).toHaveLength(1)
  })
})
