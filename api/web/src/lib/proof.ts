// Record proofs (OpenAPI: RecordProof): one record's events with their Merkle path to a digest,
// saved as a file that ops/check-record-proof.py checks without the server.

export interface RecordProof {
  format: string
  digest: string
  stream: string
  leaf_index: number
  tree_size: number
  path: string[]
  events: { version: number; type: string; recorded_at: string }[]
}

// The file name the server suggests, kept to characters every file system takes.
export function proofFileName(stream: string): string {
  return `${stream.replace(/[^A-Za-z0-9._-]/g, '_')}.proof.json`
}

// The command that checks the file against the digest line the inspector kept.
export function checkCommand(fileName: string, digest: string): string {
  return `ops/check-record-proof.py ${fileName} '${digest}'`
}

// Offers `text` to the browser as a download named `fileName`.
export function saveFile(fileName: string, text: string, type = 'application/json') {
  const href = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  link.click()
  URL.revokeObjectURL(href)
}
