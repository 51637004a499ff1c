import type { BaseMessageKey } from './en'

/** Swedish, du-form. Typed against the English keys: a missing or extra key is a compile error. */
export const sv: Record<BaseMessageKey, string> = {
  'app.name': 'HostUp Contacts',
  'app.loading': 'Laddar…',

  'nav.label': 'Huvudmeny',
  'nav.newContact': 'Ny kontakt',
  'nav.settings': 'Inställningar',

  'status.online': 'Ansluten',
  'status.offline': 'Ej ansluten',
  'status.offlineHint': 'HostUp kan inte nås förrän anslutningen är tillbaka.',

  'sidebar.profile': 'Profil',
  'sidebar.noProfile': 'Ingen profil än',
  'sidebar.setUp': 'Skapa en profil',

  'newContact.title': 'Ny kontakt',
  'newContact.requiredNote': 'Fält markerade med * är obligatoriska.',
  'newContact.openSettings': 'Öppna inställningar',

  'target.addsTo': 'Läggs till i:',
  'target.account': 'kontot för {name}',
  'target.noProfile':
    'Ingen profil är skapad än. Kontakter läggs till på det konto som en profils API-nyckel hör till.',
  'target.noKey': 'Profilen har ingen API-nyckel än.',
  'target.setUp': 'Ställ in under Inställningar',
  'target.missing':
    'Ingen profil är vald. Lägg först till en profil och dess API-nyckel under Inställningar.',

  'field.firstname': 'Förnamn',
  'field.lastname': 'Efternamn',
  'field.email': 'E-post',
  'field.password': 'Lösenord',
  'field.phonenumber': 'Telefon',
  'field.address1': 'Gatuadress',
  'field.postcode': 'Postnummer',
  'field.city': 'Ort',
  'field.country': 'Land',
  'hint.email': 'Kontakten loggar in hos HostUp med den här adressen.',
  'hint.password': 'Minst 8 tecken.',
  'hint.phonenumber': 'Siffror, mellanslag och + - ( ) . – t.ex. +46 8 123 45 67',
  'hint.country': 'Skriv för att söka på namn eller landskod, t.ex. SE.',

  'country.none': '— inget —',
  'country.common': 'Vanliga',
  'country.all': 'Alla länder',
  'country.noMatch': 'Inget land matchar ”{query}”',
  'country.clear': 'Rensa land',
  'country.toggle': 'Visa länder',

  'password.show': 'Visa lösenord',
  'password.hide': 'Dölj lösenord',
  'password.generate': 'Skapa lösenord',
  'password.generated': 'Ett nytt lösenord står i fältet.',
  'password.copy': 'Kopiera lösenord',
  'strength.label': 'Styrka:',
  'strength.weak': 'Svagt',
  'strength.fair': 'Godtagbart',
  'strength.strong': 'Starkt',
  'strength.note': 'Bedöms bara efter längd och typer av tecken.',

  'copy.copied': 'Kopierat',
  'copy.failed': 'Det gick inte att kopiera. Markera texten och kopiera den själv.',

  'submit.create': 'Skapa kontakt',
  'submit.creating': 'Skapar…',
  'submit.shortcut': 'eller tryck {keys}',
  'draft.saving': 'Sparar utkast…',
  'draft.saved': 'Utkastet sparat {time}',
  'draft.failed':
    'Utkastet kunde inte sparas: {reason} Det du har skrivit finns kvar här och sparas igen vid nästa ändring.',
  'hint.passwordKept':
    'Ett lösenord är sparat med utkastet. Lämna fältet tomt för att använda det, eller skriv ett nytt.',

  'duplicate.message':
    'En kontakt med {email} har redan skapats från appen under {profile} (ID {id}, {time}).',
  'duplicate.createAnyway': 'Skapa ändå',

  'created.title': 'Kontakten har skapats',
  'created.contactId': 'Kontakt-ID',
  'created.copyId': 'Kopiera kontakt-ID',
  'created.confirmed': 'bekräftat av dig',
  'created.name': 'Namn',
  'created.email': 'E-post',
  'created.profile': 'Profil',
  'created.time': 'Skapad',
  'created.requestId': 'Anrops-ID',
  'created.keepAddress': 'Behåll adressen till nästa kontakt',
  'created.addAnother': 'Lägg till ännu en',

  'rejected.title': 'HostUp skapade inte kontakten',
  'rejected.details': 'Detaljer: {message}',
  'rejected.notFound':
    'Adressen finns inte hos HostUp. Kontrollera profilens API-adress under Inställningar.',
  'rejected.duplicateHint':
    'Det betyder ofta att det redan finns en kontakt med den här e-postadressen på kontot.',

  'retryable.title': 'Ingenting skapades',
  'retryable.body': 'Kontakten skapades inte, så du kan tryggt försöka igen.',
  'retryable.auto': 'Appen skickar den också igen av sig själv så snart HostUp tillåter det.',
  'retryable.wait': 'Du kan försöka igen om {seconds} s',
  'retryable.ready': 'Du kan försöka igen nu.',
  'retryable.tryAgain': 'Försök igen',

  'queued.title': 'Väntar i utkorgen',
  'queued.body':
    'Du är offline, så kontakten lades i utkorgen. Den skickas automatiskt när anslutningen är tillbaka; ingenting har skapats än.',

  'unknown.title': 'Okänt utfall',
  'unknown.body':
    'Anropet skickades till HostUp, men inget tillförlitligt svar kom tillbaka. Kontakten kan ha skapats, men det är inte säkert.',
  'unknown.check':
    'Leta efter den i HostUps kontrollpanel innan du gör något annat: skickar du igen på måfå kan kontakten skapas två gånger.',
  'unknown.support': 'HostUps support kan söka upp anropet med anrops-ID {id}.',
  'unknown.noRequestId': 'Inget anrops-ID kom tillbaka; sök i stället efter e-postadressen på kontot.',
  'unknown.sent': 'Det här skickades {time}',
  'unknown.passwordHidden': 'Lösenordet visas inte.',
  'unknown.exists': 'Jag har kollat: den finns',
  'unknown.notExists': 'Jag har kollat: den finns inte, skicka igen',
  'unknown.contactIdHint': 'Det ID som HostUps kontrollpanel visar för kontakten.',
  'unknown.contactIdInvalid': 'Ange kontakt-ID som ett tal, t.ex. 14087',
  'unknown.save': 'Spara',

  'settings.title': 'Inställningar',

  'profiles.title': 'Profiler',
  'profiles.intro':
    'En profil är en anslutning till ett HostUp-konto: ett namn, en API-adress och en API-nyckel som förvaras i systemets nyckelring.',
  'profiles.listLabel': 'Profil som används',
  'profiles.empty': 'Inga profiler än. Lägg till en för att komma igång.',
  'profiles.add': 'Lägg till profil',
  'profiles.rename': 'Byt namn',
  'profiles.renameLabel': 'Nytt namn för {name}',
  'profiles.saveName': 'Spara namn',
  'profiles.delete': 'Ta bort profil',
  'profiles.deleteTitle': 'Ta bort profilen ”{name}”?',
  'profiles.deleteBody':
    'Profilen tas bort från den här datorn och dess API-nyckel raderas även ur systemets nyckelring. Själva nyckeln fungerar hos HostUp tills du återkallar den där.',
  'profiles.deleteConfirm': 'Ta bort',

  'badge.keySet': 'Nyckel sparad (…{hint})',
  'badge.keySetNoHint': 'Nyckel sparad',
  'badge.noKey': 'Ingen nyckel',
  'badge.keyUnknown': 'Okänd nyckelstatus',

  'editor.newTitle': 'Ny profil',
  'editor.editTitle': 'Profiluppgifter',
  'editor.name': 'Profilnamn',
  'editor.nameHint': 'T.ex. kundens namn. Högst 60 tecken.',
  'editor.baseUrl': 'API-adress',
  'editor.baseUrlHint': 'Kräver https; http bara för localhost.',
  'editor.save': 'Spara profil',
  'editor.saved': 'Profilen är sparad.',

  'key.title': 'API-nyckel för {name}',
  'key.label': 'API-nyckel',
  'key.hint':
    'Skapa en nyckel i HostUps kontrollpanel under API-nycklar och klistra in den här. Den sparas i systemets nyckelring och visas aldrig igen.',
  'key.save': 'Spara nyckel',
  'key.saved': 'Nyckeln är sparad i nyckelringen.',
  'key.statusSet': 'Nyckel sparad (…{hint})',
  'key.statusSetNoHint': 'Nyckel sparad',
  'key.statusNone': 'Ingen nyckel sparad',
  'key.statusUnknown': 'Okänd nyckelstatus',
  'key.noProfile': 'Lägg till en profil först. Dess API-nyckel sparar du här.',
  'key.verify': 'Verifiera nyckel',
  'key.verifying': 'Frågar HostUp vilket konto nyckeln hör till…',
  'key.clear': 'Rensa nyckel',
  'key.clearTitle': 'Rensa API-nyckeln för ”{name}”?',
  'key.clearBody':
    'Nyckeln raderas ur systemets nyckelring. För att använda profilen igen klistrar du in nyckeln (eller en ny) här.',
  'key.clearConfirm': 'Rensa',
  'key.cleared': 'Nyckeln är rensad.',

  'verify.title': 'Nyckeln öppnar kontot för',
  'verify.id': 'Konto-ID',
  'verify.name': 'Namn',
  'verify.company': 'Företag',
  'verify.email': 'E-post',
  'verify.none': '—',
  'verify.contactKey': 'Nyckeln tillhör en kontaktperson på kontot, inte kontoägaren.',
  'verify.noScope':
    'Nyckeln är giltig men får inte läsa kontouppgifter (behörighet saknas). Den kan ändå ha rätt att skapa kontakter.',

  'language.title': 'Språk',

  'common.cancel': 'Avbryt',
  'common.error': 'Fel',

  'error.requestId': 'Anrops-ID: {id}',
  'error.retryAfter': 'Försök igen om {seconds} s.',
  'error.validation': 'Vissa uppgifter är inte giltiga. Rätta de markerade fälten och försök igen.',
  'error.unauthorized':
    'HostUp godkände inte den här API-nyckeln. Kontrollera den i kontrollpanelen under API-nycklar och klistra in den igen.',
  'error.forbidden':
    'Nyckeln fungerar men saknar behörighet för detta. Ge nyckeln rätt behörighet i HostUp och försök sedan igen.',
  'error.rate_limited':
    'HostUp tar emot för många anrop med den här nyckeln. Vänta en stund och försök igen.',
  'error.offline': 'Du är offline. Anslut till internet och försök igen.',
  'error.timeout': 'HostUp svarade inte i tid. Kontrollera anslutningen och försök igen.',
  'error.network':
    'HostUp gick inte att nå. Kontrollera anslutningen och API-adressen och försök sedan igen.',
  'error.server':
    'Det uppstod ett fel hos HostUp. Försök igen om några minuter. Kvarstår felet, ge HostUps support anrops-ID:t.',
  'error.bad_response':
    'HostUp skickade ett svar som appen inte kunde läsa. Försök igen senare. Kvarstår felet, ge HostUps support anrops-ID:t.',
  'error.rejected': 'HostUp avvisade anropet. Rätta det som anges och försök igen.',
  'error.keychain_unavailable':
    'Appen kommer inte åt systemets nyckelring. På Linux installerar och startar du en nyckelring, t.ex. GNOME Keyring, och startar sedan om appen.',
  'error.keychain_locked': 'Nyckelringen är låst. Lås upp den och försök igen.',
  'error.no_key':
    'Ingen API-nyckel är sparad för den här profilen, eller så är nyckelringen låst. Lås upp nyckelringen eller spara nyckeln igen under Inställningar.',
  'error.storage':
    'Appen kunde inte läsa eller skriva sina data på disken. Kontrollera ledigt diskutrymme och mappbehörigheter och försök igen.',
  'error.not_found': 'Det finns inte längre. Det kan ha tagits bort under tiden.',
  'error.busy': 'Appen arbetar fortfarande med ett tidigare anrop. Vänta en stund och försök igen.',
  'error.internal': 'Något gick fel i appen. Starta om den och försök igen.',

  'profile.name.required': 'Ange ett profilnamn',
  'profile.name.length': 'Profilnamnet ska vara 1–60 tecken',
  'profile.name.chars': 'Ta bort radbrytningar, tabbar och dolda tecken ur profilnamnet',
  'profile.name.taken': 'En annan profil har redan det här namnet. Välj ett annat',
  'profile.baseUrl.required': 'Ange API-adressen',
  'profile.baseUrl.invalid':
    'Ange en fullständig https://-adress, t.ex. https://cloud.hostup.se/api (http bara för localhost)',
  'profile.id.invalid': 'Profilen hittades inte. Starta om appen och försök igen',
  'apiKey.required': 'Klistra in API-nyckeln',
  'apiKey.tooLong':
    'Det här är för långt för att vara en API-nyckel. Kopiera nyckeln igen från kontrollpanelen',
  'apiKey.invalidChars':
    'En API-nyckel består bara av vanliga bokstäver, siffror och tecken, utan mellanslag eller radbrytningar. Kopiera den igen från kontrollpanelen',
  'validation.unknownField': 'Appen skickade något oväntat. Starta om den och försök igen'
}
