// The process the kill -9 test kills: saves drafts and appends history as fast as it can and
// prints a line for every write the store has acknowledged ("D <id> <n>" / "H <id>").
import { createSecretStore } from '../secrets'
import { createDraftStore } from '../store/drafts'
import { createHistoryStore } from '../store/history'

async function main(): Promise<void> {
  const [dir, tag] = process.argv.slice(2)
  if (!dir || !tag) throw new Error('usage: crash-child <dir> <tag>')
  // Drafts saved without a password never touch the keychain.
  const drafts = createDraftStore({ dir, secrets: createSecretStore('hostup-contacts-crash-test') })
  const history = createHistoryStore({ dir })
  for (let n = 0; ; n++) {
    const id = `${tag}-d${n % 7}`
    const saved = await drafts.save({
      id,
      profileId: 'crash',
      fields: {
        firstname: `n${n}`,
        lastname: 'Åström',
        email: `${tag}.${n}@example.com`,
        phonenumber: '',
        address1: '',
        city: 'Göteborg',
        country: 'SE',
        postcode: ''
      }
    })
    if (!saved.ok) throw new Error(saved.error.message)
    process.stdout.write(`D ${id} ${n}\n`)
    const entryId = `${tag}-h${n}`
    const appended = await history.append({
      id: entryId,
      profileId: 'crash',
      profileName: 'Crash test',
      contactId: 10_000 + n,
      fields: {
        firstname: 'Åsa',
        lastname: `Nr ${n}`,
        email: `${tag}.${n}@example.com`,
        phonenumber: '',
        address1: 'Storgatan 1',
        city: 'Malmö',
        country: 'SE',
        postcode: '211 22'
      },
      createdAt: new Date().toISOString(),
      source: 'form'
    })
    if (!appended.ok) throw new Error(appended.error.message)
    process.stdout.write(`H ${entryId}\n`)
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
