// Name keys for matching mapping rows to old polygons. The official mapping writes "Tỉnh Hải Dương",
// "Thị xã Kinh Môn", "Xã Nam Đồng"; the 2008 layer writes "Hải Dương", "Huyện Kinh Môn", "Phường Nam
// Đồng" (units were reclassified and districts renamed between 2008 and 2025). So names are compared
// without their type word, after folding tone-mark placement (Hoà = Hòa, core/text/fold.ts).
import { nameKey } from '../../text/fold';

const UNIT_PREFIX = /^(phường|xã|thị trấn|đặc khu)\s+/;
const REGION_PREFIX = /^(tỉnh|thành phố|thị xã|huyện|quận)\s+/;

const lowerNfc = (s: string) => s.normalize('NFC').toLowerCase().trim().replace(/\s+/g, ' ');

/** "Phường Nam Đồng" and "Xã Nam Đồng" → the same key. */
export function bareName(s: string): string {
  return nameKey(lowerNfc(s).replace(UNIT_PREFIX, ''));
}

/** "Tỉnh Hải Dương" = "Hải Dương"; "Thị xã Kinh Môn" = "Huyện Kinh Môn". */
export function bareRegion(s: string): string {
  return nameKey(lowerNfc(s).replace(REGION_PREFIX, ''));
}

/** True when the row names a whole district (a few rows do, e.g. an island district). */
export function namesDistrict(s: string): boolean {
  return /^(huyện|quận|thị xã)\s+/.test(lowerNfc(s));
}
