// Exit 0 when the OS keychain takes a write, gives it back and forgets it; 1 otherwise.
// Used by with-keyring.sh to decide whether tests need a private gnome-keyring.
const keytar = require('keytar')

const service = `hostup-contacts-probe-${process.pid}`
const timer = setTimeout(() => {
  console.error('keychain probe: no answer within 5 s')
  process.exit(1)
}, 5000)

keytar
  .setPassword(service, 'probe', 'probe-value')
  .then(() => keytar.getPassword(service, 'probe'))
  .then((value) => {
    if (value !== 'probe-value') throw new Error('keychain returned a different value')
    return keytar.deletePassword(service, 'probe')
  })
  .then(() => {
    clearTimeout(timer)
    process.exit(0)
  })
  .catch((error) => {
    clearTimeout(timer)
    console.error(`keychain probe: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
