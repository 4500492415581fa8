// The rights on borders between provinces as pure decisions (auth/rights.ts); cross-borders.test.ts
// tries them through the API. A unit is named by its province and its code together.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/server/db/accounts';
import { crossDecisionRefusal, crossProposalRefusal, crossReadRefusal } from '../../src/server/auth/rights';

const account = (role: Account['role'], provinceCode: string | null, unitCode: string | null = null): Account => ({ id: 1, login: 'x', role, provinceCode, unitCode });
const border = { provinceA: '22', unitA: '07090', provinceB: '31', unitB: '11311' };

describe('who proposes on a border between provinces', () => {
  it('is a ward of either of its two units, each in its own province', () => {
    expect(crossProposalRefusal(account('ward', '22', '07090'), border)).toBeNull();
    expect(crossProposalRefusal(account('ward', '31', '11311'), border)).toBeNull();
    // The right code in the wrong province, the right province with another unit.
    for (const a of [account('ward', '31', '07090'), account('ward', '22', '11311'), account('ward', '01', '11311'), account('ward', '31', '11312')]) {
      expect(crossProposalRefusal(a, border)).toMatch(/^the border is between unit 07090 of province 22 and unit 11311 of province 31, not of the account's unit/);
    }
    for (const a of [account('reviewer', '31'), account('admin', '22'), account('admin', null)]) expect(crossProposalRefusal(a, border)).toMatch(/does not propose borders/);
  });
});

describe('who decides on a proposal for it', () => {
  it('is the unit across, never the proposer', () => {
    expect(crossDecisionRefusal(account('ward', '22', '07090'), border, { province: '31', unit: '11311' })).toBeNull();
    expect(crossDecisionRefusal(account('ward', '31', '11311'), border, { province: '22', unit: '07090' })).toBeNull();
    expect(crossDecisionRefusal(account('ward', '31', '11311'), border, { province: '31', unit: '11311' })).toBe('unit 11311 of province 31 made this proposal; the unit across decides on it');
    expect(crossDecisionRefusal(account('ward', '01', '11311'), border, { province: '22', unit: '07090' })).toMatch(/^the border is between/);
    expect(crossDecisionRefusal(account('reviewer', '22'), border, { province: '31', unit: '11311' })).toMatch(/does not propose borders/);
  });
});

describe('who reads a province\'s borders with other provinces', () => {
  it('is any account of the province, and a hub admin', () => {
    expect(crossReadRefusal(account('ward', '31', '11311'), '31')).toBeNull();
    expect(crossReadRefusal(account('admin', null), '31')).toBeNull();
    expect(crossReadRefusal(account('reviewer', '22'), '31')).toMatch(/belongs to province 22, not 31/);
  });
});
