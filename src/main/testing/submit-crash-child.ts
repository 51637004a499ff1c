// The process the submit kill -9 test kills: the app's own services over a data dir, sending
// contacts through `contacts:create` to the sandbox as fast as it can, each after an autosave of
// its draft. Prints "S <formId>" before a create and "C <formId>" once it answered created.
import { createHandlers } from '../ipc'
import { createServices } from '../services'
import { DEMO_KEY } from '../../../e2e/sandbox'

async function main(): Promise<void> {
  const [dir, sandboxUrl, secretService, tag] = process.argv.slice(2)
  if (!dir || !sandboxUrl || !secretService || !tag) throw new Error('usage: <dir> <url> <service> <tag>')
  const services = await createServices({
    dataDir: dir,
    secretService,
    isOnline: () => true,
    version: '0.0.0-crash',
    platform: process.platform,
    emit: () => undefined,
    chooseSavePath: async () => null,
    outboxBackoff: () => 10
  })
  const handlers = createHandlers(services)
  await services.start()
  const listed = await handlers['profiles:list'](undefined)
  if (!listed.ok) throw new Error(listed.error.message)
  let profileId = listed.value.profiles[0]?.id
  if (!profileId) {
    const saved = await handlers['profiles:save']({ name: 'Crash AB', baseUrl: sandboxUrl })
    if (!saved.ok) throw new Error(saved.error.message)
    profileId = saved.value.id
    const key = await handlers['apiKey:set']({ profileId, apiKey: DEMO_KEY })
    if (!key.ok) throw new Error(key.error.message)
  }
  for (let n = 0; ; n++) {
    const formId = `${tag}-f${n}`
    const fields = {
      firstname: 'Åsa',
      lastname: `Krasch ${n}`,
      email: `${formId}@example.se`,
      phonenumber: '+46 70 123 45 67',
      address1: 'Storgatan 1',
      city: 'Malmö',
      country: 'SE',
      postcode: '211 22'
    }
    const password = 'Sommar-Regn-2026!'
    // Every other one was autosaved first, so both kinds of submit are cut off.
    if (n % 2 === 0) {
      const draft = await handlers['drafts:save']({ id: formId, profileId, fields, password })
      if (!draft.ok) throw new Error(draft.error.message)
    }
    process.stdout.write(`S ${formId}\n`)
    const sent = await handlers['contacts:create']({ profileId, formId, contact: { ...fields, password } })
    if (!sent.ok) throw new Error(`${sent.error.code} ${sent.error.message}`)
    if (sent.value.kind === 'created') process.stdout.write(`C ${formId}\n`)
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
