import { describe, expect, it } from 'vitest'
import { codesBelow } from '@/lib/regions'

describe('codesBelow', () => {
  it('opens a village from the city, a county or a township', () => {
    expect(codesBelow('530500000000', '530502001002')).toEqual(['530502000000', '530502001000', '530502001002'])
    expect(codesBelow('530502000000', '530502001002')).toEqual(['530502001000', '530502001002'])
    expect(codesBelow('530502001000', '530502001002')).toEqual(['530502001002'])
  })
  it('stops at the level the code names', () => {
    expect(codesBelow('530500000000', '530502001000')).toEqual(['530502000000', '530502001000'])
    expect(codesBelow('530500000000', '530581000000')).toEqual(['530581000000'])
  })
  it('is empty for the root itself and for a region outside it', () => {
    expect(codesBelow('530502000000', '530502000000')).toEqual([])
    expect(codesBelow('530502000000', '530581001001')).toEqual([])
    expect(codesBelow('530502001000', '530502002001')).toEqual([])
  })
})
