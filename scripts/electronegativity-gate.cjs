// Reads Electronegativity's SARIF report and its console log, and decides the gate: every finding
// must be explained by one line of the allow-list, and every source file must have been parsed.
// Usage: node scripts/electronegativity-gate.cjs <report.sarif> <console.log> <allowlist> <repoRoot> <seconds>
'use strict'
const { readFileSync } = require('node:fs')
const { isAbsolute, relative, sep } = require('node:path')

/**
 * Findings from the SARIF report. (Its CSV writer is not used: it writes the header and the rows
 * with two unordered async writes, and under load the header lands on top of the first rows.)
 */
function readFindings(sarifPath, repoRoot) {
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'))
  const run = sarif.runs && sarif.runs[0]
  if (!run || !Array.isArray(run.results))
    throw new Error(`${sarifPath} is not an Electronegativity SARIF report`)
  return run.results.map((result) => {
    const where = (result.locations && result.locations[0] && result.locations[0].physicalLocation) || {}
    const uri = (where.artifactLocation && where.artifactLocation.uri) || 'file:///'
    const line = (where.region && where.region.startLine) || 0
    // Global findings name no file; files become repository paths so the allow-list reads the same everywhere.
    const file = uri === 'file:///' ? 'N/A' : relative(repoRoot, uri).split(sep).join('/')
    return {
      id: result.ruleId,
      file,
      line,
      description: result.message && result.message.text,
      sample: sourceLine(uri, line)
    }
  })
}

function sourceLine(file, line) {
  if (!isAbsolute(file) || line < 1) return ''
  try {
    return (readFileSync(file, 'utf8').split(/\r?\n/)[line - 1] || '').trim()
  } catch {
    return ''
  }
}

function readAllowList(path) {
  const entries = []
  const problems = []
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '' || line.startsWith('#')) return
      const fields = line.split('\t')
      const [id = '', file = '', reason = ''] = fields
      if (fields.length !== 3 || !/^[A-Z0-9_]+$/.test(id) || file.trim() === '' || reason.trim() === '') {
        problems.push(`${path}:${index + 1}: expected CHECK_ID<TAB>file<TAB>reason, all three non-empty`)
        return
      }
      entries.push({ id, file: file.trim(), reason: reason.trim(), line: index + 1, used: false })
    })
  return { entries, problems }
}

function main() {
  const [reportPath, logPath, allowPath, repoRoot, seconds] = process.argv.slice(2)
  const findings = readFindings(reportPath, repoRoot)
  const { entries, problems } = readAllowList(allowPath)

  // The report omits files it could not parse; only its console says so.
  // (The gate runs it with colours off, so these are plain lines.)
  const log = readFileSync(logPath, 'utf8').split(/\r?\n/)
  const parseErrors = log.filter((l) => l.includes('Error parsing ') && !l.includes('Tolerable'))
  const tolerable = log.filter((l) => l.includes('Tolerable error parsing '))

  // One allow-list line explains one finding: a second, new finding of the same kind fails.
  const unexplained = []
  for (const finding of findings) {
    const entry = entries.find((e) => !e.used && e.id === finding.id && e.file === finding.file)
    if (entry) entry.used = true
    else unexplained.push(finding)
  }
  const stale = entries.filter((e) => !e.used)

  for (const f of unexplained) {
    console.log(`UNEXPLAINED ${f.id} ${f.file}:${f.line} ${f.description}`)
    if (f.sample) console.log(`    ${f.sample.slice(0, 200)}`)
  }
  for (const e of stale)
    console.log(`STALE ${allowPath}:${e.line}: ${e.id} ${e.file} matches no finding; delete the line`)
  for (const p of problems) console.log(`BAD ${p}`)
  for (const l of parseErrors) console.log(`NOT SCANNED ${l}`)
  for (const l of tolerable) console.log(`warning: ${l}`)

  const failed = unexplained.length + stale.length + problems.length + parseErrors.length > 0
  console.log(
    `electronegativity gate: ${failed ? 'FAIL' : 'ok'}: ${findings.length} findings, ` +
      `${findings.length - unexplained.length} allow-listed, ${unexplained.length} unexplained, ` +
      `${stale.length} stale allow-list lines, ${parseErrors.length} unparsed files (${seconds}s)`
  )
  process.exitCode = failed ? 1 : 0
}

main()
