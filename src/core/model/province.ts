// The 34 provinces formed on 1 July 2025, as the export, the record, the summary and the import need them:
// code, official name, the Nghị quyết that formed the province (the `cancu` of each of its units) and the
// VN-2000 meridians its survey data may use. Components read these from the workspace's province instead
// of carrying one province's facts as constants.
//
// Names and resolutions: geodata-src/legal/provinces_resolutions.csv (Nghị quyết 1654–1687/NQ-UBTVQH15 of
// 12/6/2025), the names as the national data writes them (public/data/provinces/index.json); the tests
// hold both sources to this table.
import { newProvinceMeridians } from './vn2000-zones';

/** A VN-2000 TM-3 meridian and the old (pre-2025) province whose meridian it is. */
export interface ProvinceMeridian {
  /** Central meridian, decimal degrees. */
  readonly lon0: number;
  /** Old province code. */
  readonly oldCode: string;
  /** Old province name. */
  readonly name: string;
}

export interface OldProvince {
  readonly code: string;
  readonly name: string;
  readonly lon0: number;
}

export interface Province {
  /** Two-digit code of the new province (matinh). */
  readonly code: string;
  /** Official name, with "Tỉnh"/"Thành phố" (tentinh). */
  readonly name: string;
  /** The resolution that formed the province: the legal basis (cancu) of its units. */
  readonly resolution: string;
  /**
   * The province's own grid. A new province has no meridian of its own (TT 973/2001 predates it): survey
   * data keep their old province's, so this is the meridian of the old province whose code it kept.
   */
  readonly meridian: ProvinceMeridian;
  /** The old provinces it absorbed with their meridians, the one whose code it kept first. */
  readonly oldProvinces: readonly OldProvince[];
}

const TABLE: readonly (readonly [code: string, name: string, resolution: string])[] = [
  ['01', 'Thành phố Hà Nội', '1656/NQ-UBTVQH15'],
  ['04', 'Tỉnh Cao Bằng', '1657/NQ-UBTVQH15'],
  ['08', 'Tỉnh Tuyên Quang', '1684/NQ-UBTVQH15'],
  ['11', 'Tỉnh Điện Biên', '1661/NQ-UBTVQH15'],
  ['12', 'Tỉnh Lai Châu', '1670/NQ-UBTVQH15'],
  ['14', 'Tỉnh Sơn La', '1681/NQ-UBTVQH15'],
  ['15', 'Tỉnh Lào Cai', '1673/NQ-UBTVQH15'],
  ['19', 'Tỉnh Thái Nguyên', '1683/NQ-UBTVQH15'],
  ['20', 'Tỉnh Lạng Sơn', '1672/NQ-UBTVQH15'],
  ['22', 'Tỉnh Quảng Ninh', '1679/NQ-UBTVQH15'],
  ['24', 'Tỉnh Bắc Ninh', '1658/NQ-UBTVQH15'],
  ['25', 'Tỉnh Phú Thọ', '1676/NQ-UBTVQH15'],
  ['31', 'Thành phố Hải Phòng', '1669/NQ-UBTVQH15'],
  ['33', 'Tỉnh Hưng Yên', '1666/NQ-UBTVQH15'],
  ['37', 'Tỉnh Ninh Bình', '1674/NQ-UBTVQH15'],
  ['38', 'Tỉnh Thanh Hoá', '1686/NQ-UBTVQH15'],
  ['40', 'Tỉnh Nghệ An', '1678/NQ-UBTVQH15'],
  ['42', 'Tỉnh Hà Tĩnh', '1665/NQ-UBTVQH15'],
  ['44', 'Tỉnh Quảng Trị', '1680/NQ-UBTVQH15'],
  ['46', 'Thành phố Huế', '1675/NQ-UBTVQH15'],
  ['48', 'Thành phố Đà Nẵng', '1659/NQ-UBTVQH15'],
  ['51', 'Tỉnh Quảng Ngãi', '1677/NQ-UBTVQH15'],
  ['52', 'Tỉnh Gia Lai', '1664/NQ-UBTVQH15'],
  ['56', 'Tỉnh Khánh Hoà', '1667/NQ-UBTVQH15'],
  ['66', 'Tỉnh Đắk Lắk', '1660/NQ-UBTVQH15'],
  ['68', 'Tỉnh Lâm Đồng', '1671/NQ-UBTVQH15'],
  ['75', 'Thành phố Đồng Nai', '1662/NQ-UBTVQH15'],
  ['79', 'Thành phố Hồ Chí Minh', '1685/NQ-UBTVQH15'],
  ['80', 'Tỉnh Tây Ninh', '1682/NQ-UBTVQH15'],
  ['82', 'Tỉnh Đồng Tháp', '1663/NQ-UBTVQH15'],
  ['86', 'Tỉnh Vĩnh Long', '1687/NQ-UBTVQH15'],
  ['91', 'Tỉnh An Giang', '1654/NQ-UBTVQH15'],
  ['92', 'Thành phố Cần Thơ', '1668/NQ-UBTVQH15'],
  ['96', 'Tỉnh Cà Mau', '1655/NQ-UBTVQH15'],
];

function build([code, name, resolution]: readonly [string, string, string]): Province {
  const meridians = newProvinceMeridians(code);
  const first = meridians[0];
  // The zone table lists every new province; a code missing there is a bug in this file, not bad input.
  if (!first) throw new Error(`no VN-2000 meridian for province ${code}`);
  return {
    code,
    name,
    resolution,
    meridian: first,
    oldProvinces: meridians.map((m) => ({ code: m.oldCode, name: m.name, lon0: m.lon0 })),
  };
}

/** The 34 provinces, by code ascending. */
export const PROVINCES: readonly Province[] = TABLE.map(build);

const BY_CODE: ReadonlyMap<string, Province> = new Map(PROVINCES.map((p) => [p.code, p]));

/** The new (2025) province with this code; undefined for any other code (an old one, a typo). */
export function provinceByCode(code: string): Province | undefined {
  return BY_CODE.get(code);
}

/**
 * The meridians to offer for a survey file of this province, most likely first: the province's own, then
 * those of the other old provinces it absorbed. Old provinces on the same meridian share one entry.
 */
export function provinceMeridianChoices(p: Province): readonly { readonly lon0: number; readonly names: readonly string[] }[] {
  const out: { lon0: number; names: string[] }[] = [];
  for (const o of p.oldProvinces) {
    const same = out.find((m) => m.lon0 === o.lon0);
    if (same) same.names.push(o.name);
    else out.push({ lon0: o.lon0, names: [o.name] });
  }
  return out;
}
