import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../shared/history'
import { csvCell, csvRow, HISTORY_CSV_COLUMNS, historyCsv, neutralizeCell, quoteCell, toCsv } from './export'

const entry: HistoryEntry = {
  id: 'e1',
  profileId: 'work',
  profileName: 'Work',
  contactId: 68,
  fields: {
    firstname: 'Åsa',
    lastname: 'Öberg',
    email: 'asa@example.se',
    phonenumber: '+46 70 123 45 67',
    address1: 'Storgatan 1, lgh 1101',
    city: 'Malmö',
    country: 'SE',
    postcode: '211 22'
  },
  requestId: 'req-1',
  serverTime: 1_700_000_000,
  createdAt: '2024-01-02T03:04:05.000Z',
  source: 'form'
}

describe('csv cells', () => {
  it.each(['=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])(
    'neutralises %j with a leading quote',
    (value) => {
      expect(neutralizeCell(value)).toBe(`'${value}`)
    }
  )

  it('leaves ordinary text, and formula characters that are not first, as they are', () => {
    expect(neutralizeCell('Anna')).toBe('Anna')
    expect(neutralizeCell('a=b')).toBe('a=b')
    expect(neutralizeCell('')).toBe('')
  })

  it('quotes fields with a comma, quote, CR or LF and doubles the quotes (RFC 4180)', () => {
    expect(quoteCell('a,b')).toBe('"a,b"')
    expect(quoteCell('say "hi"')).toBe('"say ""hi"""')
    expect(quoteCell('a\nb')).toBe('"a\nb"')
    expect(quoteCell('a\rb')).toBe('"a\rb"')
    expect(quoteCell('plain')).toBe('plain')
  })

  it('neutralises first, then quotes what the quote mark did not make safe', () => {
    expect(csvCell('=1+2,3')).toBe(`"'=1+2,3"`)
    expect(csvCell('\r=x')).toBe(`"'\r=x"`)
  })

  it('ends every row with CRLF and starts the file with a BOM', () => {
    expect(csvRow(['a', 'b'])).toBe('a,b\r\n')
    expect(toCsv(['h'], [['1'], ['2']])).toBe('\uFEFFh\r\n1\r\n2\r\n')
  })
})

describe('historyCsv', () => {
  it('writes the agreed columns, exact bytes included', () => {
    const hostile: HistoryEntry = {
      ...entry,
      contactId: 69,
      fields: {
        ...entry.fields,
        firstname: '=HYPERLINK("http://evil")',
        lastname: 'O"Brien',
        phonenumber: '-1'
      },
      requestId: undefined,
      serverTime: undefined,
      source: 'csv',
      removedAt: '2024-02-01T00:00:00.000Z'
    }
    const bytes = Buffer.from(historyCsv([entry, hostile]), 'utf8')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'contact_id,firstname,lastname,email,phonenumber,address1,postcode,city,country,profile,created_at,server_time,request_id,source,removed_at\r\n' +
        '68,Åsa,Öberg,asa@example.se,\'+46 70 123 45 67,"Storgatan 1, lgh 1101",211 22,Malmö,SE,Work,2024-01-02T03:04:05.000Z,2023-11-14T22:13:20.000Z,req-1,form,\r\n' +
        `69,"'=HYPERLINK(""http://evil"")","O""Brien",asa@example.se,'-1,"Storgatan 1, lgh 1101",211 22,Malmö,SE,Work,2024-01-02T03:04:05.000Z,,,csv,2024-02-01T00:00:00.000Z\r\n`
    )
  })

  it('has no password column and never writes a password a caller slipped into the fields', () => {
    const sneaky = { ...entry, fields: { ...entry.fields, password: 'hunter2hunter2' } } as HistoryEntry
    const text = historyCsv([sneaky])
    expect(HISTORY_CSV_COLUMNS.some((c) => /pass/i.test(c))).toBe(false)
    expect(text).not.toMatch(/pass|hunter2/i)
  })
})
