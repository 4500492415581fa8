// The reviewer flow's rights as pure decisions (auth/rights.ts); review.test.ts tries them through the API.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/server/db/accounts';
import { reviewRefusal, submissionRefusal } from '../../src/server/auth/rights';

const account = (role: Account['role'], provinceCode: string | null, unitCode: string | null = null): Account => ({ id: 1, login: 'x', role, provinceCode, unitCode });
const unit = { provinceCode: '31', code: '11488' };

describe('who submits a unit\'s boundary', () => {
  it('is the ward of that unit only', () => {
    expect(submissionRefusal(account('ward', '31', '11488'), unit)).toBeNull();
    expect(submissionRefusal(account('ward', '31', '11560'), unit)).toBe("unit 11488 is not the account's unit 11560");
    expect(submissionRefusal(account('ward', '01', '11488'), unit)).toBe("unit 11488 is in province 31, not the account's province 01");
    for (const a of [account('reviewer', '31'), account('admin', '31'), account('admin', null)]) expect(submissionRefusal(a, unit)).toMatch(/does not submit boundaries/);
  });
});

describe('who reviews a submission', () => {
  it('is a reviewer of its province only', () => {
    expect(reviewRefusal(account('reviewer', '31'), '31')).toBeNull();
    expect(reviewRefusal(account('reviewer', '01'), '31')).toBe("the submission is in province 31, not the reviewer's province 01");
    for (const a of [account('ward', '31', '11488'), account('admin', '31'), account('admin', null)]) expect(reviewRefusal(a, '31')).toMatch(/does not review submissions/);
  });
});
