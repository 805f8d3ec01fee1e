// Division names from the server's region tree, each fetched once per page load.
import { get } from './api'

export interface RegionSummary {
  code: string
  name: string
  level: 'city' | 'county' | 'township' | 'village'
}
export interface Region extends RegionSummary {
  parent?: string
  version: number
  children: RegionSummary[]
}

const cache = new Map<string, Promise<Region>>()

export function region(code: string): Promise<Region> {
  let found = cache.get(code)
  if (!found) {
    found = get<Region>(`/regions/${code}`)
    found.catch(() => cache.delete(code))
    cache.set(code, found)
  }
  return found
}

// After a change: the next use fetches it again.
export function forgetRegion(code: string) {
  cache.delete(code)
}

export async function regionName(code: string): Promise<string> {
  try {
    return (await region(code)).name
  } catch {
    return code
  }
}

// "腾冲市 · 界头镇 · 东山村": the region and its parents below the city.
export async function regionPath(code: string): Promise<string> {
  const names: string[] = []
  let next: string | undefined = code
  while (next) {
    const r: Region = await region(next)
    if (r.level === 'city') break
    names.unshift(r.name)
    next = r.parent
  }
  return names.join(' · ')
}

// The codes from just below `root` down to `code` (county, township, village, as far as `code`
// goes): the path a region picker opens for a region set from outside. Empty when `code` is not
// below `root`.
export function codesBelow(root: string, code: string): string[] {
  // Each level keeps its own digits, zeros after them: county 6, township 9, village 12.
  const path = [...new Set([6, 9, 12].map((n) => code.slice(0, n).padEnd(12, '0')))]
  const at = path.indexOf(root)
  if (at >= 0) return path.slice(at + 1)
  const city = root.endsWith('00000000')
  return city && code.startsWith(root.slice(0, 4)) ? path : []
}
