/**
 * English, the reference table: every other language is typed against these keys. Error texts say
 * what happened and what to do next; `{name}` placeholders are filled by `t(key, params)`.
 */
export const en = {
  'app.name': 'HostUp Contacts',
  'app.loading': 'Loading…',

  'nav.label': 'Main',
  'nav.newContact': 'New contact',
  'nav.settings': 'Settings',

  'status.online': 'Online',
  'status.offline': 'Offline',
  'status.offlineHint': 'HostUp cannot be reached until the connection is back.',

  'sidebar.profile': 'Profile',
  'sidebar.noProfile': 'No profile yet',
  'sidebar.setUp': 'Set up a profile',

  'newContact.title': 'New contact',
  'newContact.requiredNote': 'Fields marked * are required.',
  'newContact.openSettings': 'Open Settings',

  'target.addsTo': 'Adds to:',
  'target.account': 'account of {name}',
  'target.noProfile':
    'No profile is set up yet. Contacts are added to the account that a profile’s API key opens.',
  'target.noKey': 'This profile has no API key yet.',
  'target.setUp': 'Set up in Settings',
  'target.missing': 'No profile is selected. Add a profile and its API key in Settings first.',

  'field.firstname': 'First name',
  'field.lastname': 'Last name',
  'field.email': 'E-mail',
  'field.password': 'Password',
  'field.phonenumber': 'Phone',
  'field.address1': 'Street address',
  'field.postcode': 'Postcode',
  'field.city': 'City',
  'field.country': 'Country',
  'hint.email': 'The contact signs in to HostUp with this address.',
  'hint.password': 'At least 8 characters.',
  'hint.phonenumber': 'Digits, spaces and + - ( ) . — e.g. +46 8 123 45 67',
  'hint.country': 'Type to search by name or two-letter code, e.g. SE.',

  'country.none': '— none —',
  'country.common': 'Common',
  'country.all': 'All countries',
  'country.noMatch': 'No country matches “{query}”',
  'country.clear': 'Clear country',
  'country.toggle': 'Show countries',

  'password.show': 'Show password',
  'password.hide': 'Hide password',
  'password.generate': 'Generate password',
  'password.generated': 'A new password is in the field.',
  'password.copy': 'Copy password',
  'strength.label': 'Strength:',
  'strength.weak': 'Weak',
  'strength.fair': 'Fair',
  'strength.strong': 'Strong',
  'strength.note': 'Judged by length and kinds of characters only.',

  'copy.copied': 'Copied',
  'copy.failed': 'Couldn’t copy. Select the text and copy it yourself.',

  'submit.create': 'Create contact',
  'submit.creating': 'Creating…',
  'submit.shortcut': 'or press {keys}',
  'draft.saving': 'Saving draft…',
  'draft.saved': 'Draft saved {time}',
  'draft.failed':
    'The draft could not be saved: {reason} What you typed is still here; it is saved again on your next change.',
  'hint.passwordKept':
    'A password is saved with this draft. Leave the field empty to use it, or type a new one.',

  'duplicate.message':
    'A contact with {email} was already created from this app under {profile} (ID {id}, {time}).',
  'duplicate.createAnyway': 'Create anyway',

  'created.title': 'Contact created',
  'created.contactId': 'Contact ID',
  'created.copyId': 'Copy contact ID',
  'created.confirmed': 'confirmed by you',
  'created.name': 'Name',
  'created.email': 'E-mail',
  'created.profile': 'Profile',
  'created.time': 'Created',
  'created.requestId': 'Request ID',
  'created.keepAddress': 'Keep the address for the next contact',
  'created.addAnother': 'Add another',

  'rejected.title': 'HostUp did not create the contact',
  'rejected.details': 'Details: {message}',
  'rejected.notFound': 'HostUp has no such address. Check the profile’s API base URL in Settings.',
  'rejected.duplicateHint':
    'This often means that a contact with this e-mail address already exists on the account.',

  'retryable.title': 'Nothing was created',
  'retryable.body': 'The contact was not created, so it’s safe to try again.',
  'retryable.auto': 'The app also sends it again by itself as soon as HostUp allows it.',
  'retryable.wait': 'You can try again in {seconds} s',
  'retryable.ready': 'You can try again now.',
  'retryable.tryAgain': 'Try again',

  'queued.title': 'Waiting in the outbox',
  'queued.body':
    'You’re offline, so the contact was put in the outbox. It is sent by itself when the connection is back; nothing has been created yet.',

  'unknown.title': 'Outcome unknown',
  'unknown.body':
    'The request was sent to HostUp, but no reliable answer came back. The contact may or may not have been created.',
  'unknown.check':
    'Look for it in the HostUp dashboard before you do anything else: sending it again blindly could create the contact twice.',
  'unknown.support': 'HostUp support can look it up with request ID {id}.',
  'unknown.noRequestId': 'No request ID came back; search the account for the e-mail address instead.',
  'unknown.sent': 'What was sent at {time}',
  'unknown.passwordHidden': 'The password is not shown.',
  'unknown.exists': 'I checked: it exists',
  'unknown.notExists': 'I checked: it does not exist, send again',
  'unknown.contactIdHint': 'The ID the HostUp dashboard shows for the contact.',
  'unknown.contactIdInvalid': 'Enter the contact ID as a number, e.g. 14087',
  'unknown.save': 'Save',

  'settings.title': 'Settings',

  'profiles.title': 'Profiles',
  'profiles.intro':
    'A profile is one connection to a HostUp account: a name, an API address and an API key kept in your system keychain.',
  'profiles.listLabel': 'Profile in use',
  'profiles.empty': 'No profiles yet. Add one to get started.',
  'profiles.add': 'Add profile',
  'profiles.rename': 'Rename',
  'profiles.renameLabel': 'New name for {name}',
  'profiles.saveName': 'Save name',
  'profiles.delete': 'Delete profile',
  'profiles.deleteTitle': 'Delete the profile “{name}”?',
  'profiles.deleteBody':
    'The profile is removed from this computer and its API key is deleted from your system keychain too. The key itself keeps working in HostUp until you revoke it there.',
  'profiles.deleteConfirm': 'Delete',

  'badge.keySet': 'Key set (…{hint})',
  'badge.keySetNoHint': 'Key set',
  'badge.noKey': 'No key',
  'badge.keyUnknown': 'Key status unknown',

  'editor.newTitle': 'New profile',
  'editor.editTitle': 'Profile details',
  'editor.name': 'Profile name',
  'editor.nameHint': 'For example the customer’s name. Up to 60 characters.',
  'editor.baseUrl': 'API base URL',
  'editor.baseUrlHint': 'https required; http only for localhost.',
  'editor.save': 'Save profile',
  'editor.saved': 'Profile saved.',

  'key.title': 'API key for {name}',
  'key.label': 'API key',
  'key.hint':
    'Create a key in the HostUp dashboard under API keys and paste it here. It is stored in your system keychain and never shown again.',
  'key.save': 'Save key',
  'key.saved': 'Key saved in your keychain.',
  'key.statusSet': 'Key set (…{hint})',
  'key.statusSetNoHint': 'Key set',
  'key.statusNone': 'No key set',
  'key.statusUnknown': 'Key status unknown',
  'key.noProfile': 'Add a profile first. Its API key is set here.',
  'key.verify': 'Verify key',
  'key.verifying': 'Asking HostUp whose account this key opens…',
  'key.clear': 'Clear key',
  'key.clearTitle': 'Clear the API key for “{name}”?',
  'key.clearBody':
    'The key is deleted from your system keychain. To use this profile again, paste the key (or a new one) here.',
  'key.clearConfirm': 'Clear',
  'key.cleared': 'Key cleared.',

  'verify.title': 'This key opens the account of',
  'verify.id': 'Account ID',
  'verify.name': 'Name',
  'verify.company': 'Company',
  'verify.email': 'E-mail',
  'verify.none': '—',
  'verify.contactKey': 'The key belongs to a contact person on this account, not to its owner.',
  'verify.noScope':
    'The key is valid but can’t read account details (missing scope). It may still be able to create contacts.',

  'language.title': 'Language',

  'common.cancel': 'Cancel',
  'common.error': 'Error',

  'error.requestId': 'Request ID: {id}',
  'error.retryAfter': 'Try again in {seconds} s.',
  'error.validation': 'Some details are not valid. Correct the highlighted fields and try again.',
  'error.unauthorized':
    'HostUp did not accept this API key. Check it in the dashboard under API keys and paste it again.',
  'error.forbidden':
    'The key works but lacks the permission for this. Give the key the needed scope in HostUp, then try again.',
  'error.rate_limited': 'HostUp is receiving too many requests from this key. Wait a moment and try again.',
  'error.offline': 'You’re offline. Connect to the internet and try again.',
  'error.timeout': 'HostUp did not answer in time. Check your connection and try again.',
  'error.network': 'HostUp could not be reached. Check your connection and the API base URL, then try again.',
  'error.server':
    'HostUp ran into a problem with the request. Try again in a few minutes; if it persists, give HostUp support the request ID.',
  'error.bad_response':
    'HostUp sent an answer the app could not read. Try again later; if it persists, give HostUp support the request ID.',
  'error.rejected': 'HostUp refused the request. Correct what it points out and try again.',
  'error.keychain_unavailable':
    'The app cannot reach your system keychain. On Linux, install and start a keyring such as GNOME Keyring, then restart the app.',
  'error.keychain_locked': 'Your keychain is locked. Unlock it and try again.',
  'error.no_key':
    'No API key is stored for this profile, or your keychain is locked. Unlock the keychain, or save the key again in Settings.',
  'error.storage':
    'The app could not read or write its data on disk. Check free disk space and folder permissions, then try again.',
  'error.not_found': 'It no longer exists; it may have been removed in the meantime.',
  'error.busy': 'The app is still working on a previous request. Wait a moment and try again.',
  'error.internal': 'Something went wrong inside the app. Restart it and try again.',

  'profile.name.required': 'Enter a profile name',
  'profile.name.length': 'Use 1 to 60 characters for the profile name',
  'profile.name.chars': 'Remove line breaks, tabs and hidden characters from the profile name',
  'profile.name.taken': 'Another profile already has this name. Choose a different one',
  'profile.baseUrl.required': 'Enter the API base URL',
  'profile.baseUrl.invalid':
    'Enter a full https:// address, e.g. https://cloud.hostup.se/api (http only for localhost)',
  'profile.id.invalid': 'This profile could not be found. Restart the app and try again',
  'apiKey.required': 'Paste the API key',
  'apiKey.tooLong': 'This is too long to be an API key. Copy the key again from the dashboard',
  'apiKey.invalidChars':
    'An API key has only plain letters, digits and symbols, no spaces or line breaks. Copy it again from the dashboard',
  'validation.unknownField': 'The app sent something unexpected. Restart it and try again'
}

export type BaseMessageKey = keyof typeof en
