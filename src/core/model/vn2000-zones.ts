// Central meridians of the VN-2000 TM-3 grid (k = 0.9999, x0 = 500 000 m) per province.
//
// Source: Thông tư 973/2001/TT-TCĐC (Tổng cục Địa chính, 20/6/2001), Phụ lục "Kinh tuyến trục theo từng
// tỉnh, thành phố", for the 63 provinces before 1 July 2025. Cross-checked province by province against the
// areas of use of the EPSG projected CRSs "VN-2000 / TM-3 …" (EPSG 5896–5899, 9205–9218, EPSG dataset as
// shipped with PROJ 9.1.1): every province below matches.
//
// The 34 provinces formed on 1 July 2025 have no meridian of their own in that circular: survey data keep
// the meridian of the old province they were made in. For a new province we therefore list the meridians of
// its old provinces, the first being that of the old province whose code it kept.
// (Old province list and merger: geodata-src/mapping/provinces_63_to_34.csv.)

export interface OldProvinceZone {
  /** Old (pre-2025) province code. */
  readonly code: string;
  readonly name: string;
  /** Central meridian in decimal degrees. */
  readonly lon0: number;
}

export const OLD_PROVINCE_ZONES: readonly OldProvinceZone[] = [
  { code: '01', name: 'Hà Nội', lon0: 105.0 },
  { code: '02', name: 'Hà Giang', lon0: 105.5 },
  { code: '04', name: 'Cao Bằng', lon0: 105.75 },
  { code: '06', name: 'Bắc Kạn', lon0: 106.5 },
  { code: '08', name: 'Tuyên Quang', lon0: 106.0 },
  { code: '10', name: 'Lào Cai', lon0: 104.75 },
  { code: '11', name: 'Điện Biên', lon0: 103.0 },
  { code: '12', name: 'Lai Châu', lon0: 103.0 },
  { code: '14', name: 'Sơn La', lon0: 104.0 },
  { code: '15', name: 'Yên Bái', lon0: 104.75 },
  { code: '17', name: 'Hoà Bình', lon0: 106.0 },
  { code: '19', name: 'Thái Nguyên', lon0: 106.5 },
  { code: '20', name: 'Lạng Sơn', lon0: 107.25 },
  { code: '22', name: 'Quảng Ninh', lon0: 107.75 },
  { code: '24', name: 'Bắc Giang', lon0: 107.0 },
  { code: '25', name: 'Phú Thọ', lon0: 104.75 },
  { code: '26', name: 'Vĩnh Phúc', lon0: 105.0 },
  { code: '27', name: 'Bắc Ninh', lon0: 105.5 },
  { code: '30', name: 'Hải Dương', lon0: 105.5 },
  { code: '31', name: 'Hải Phòng', lon0: 105.75 },
  { code: '33', name: 'Hưng Yên', lon0: 105.5 },
  { code: '34', name: 'Thái Bình', lon0: 105.5 },
  { code: '35', name: 'Hà Nam', lon0: 105.0 },
  { code: '36', name: 'Nam Định', lon0: 105.5 },
  { code: '37', name: 'Ninh Bình', lon0: 105.0 },
  { code: '38', name: 'Thanh Hoá', lon0: 105.0 },
  { code: '40', name: 'Nghệ An', lon0: 104.75 },
  { code: '42', name: 'Hà Tĩnh', lon0: 105.5 },
  { code: '44', name: 'Quảng Bình', lon0: 106.0 },
  { code: '45', name: 'Quảng Trị', lon0: 106.25 },
  { code: '46', name: 'Thừa Thiên Huế', lon0: 107.0 },
  { code: '48', name: 'Đà Nẵng', lon0: 107.75 },
  { code: '49', name: 'Quảng Nam', lon0: 107.75 },
  { code: '51', name: 'Quảng Ngãi', lon0: 108.0 },
  { code: '52', name: 'Bình Định', lon0: 108.25 },
  { code: '54', name: 'Phú Yên', lon0: 108.5 },
  { code: '56', name: 'Khánh Hoà', lon0: 108.25 },
  { code: '58', name: 'Ninh Thuận', lon0: 108.25 },
  { code: '60', name: 'Bình Thuận', lon0: 108.5 },
  { code: '62', name: 'Kon Tum', lon0: 107.5 },
  { code: '64', name: 'Gia Lai', lon0: 108.5 },
  { code: '66', name: 'Đắk Lắk', lon0: 108.5 },
  { code: '67', name: 'Đắk Nông', lon0: 108.5 },
  { code: '68', name: 'Lâm Đồng', lon0: 107.75 },
  { code: '70', name: 'Bình Phước', lon0: 106.25 },
  { code: '72', name: 'Tây Ninh', lon0: 105.5 },
  { code: '74', name: 'Bình Dương', lon0: 105.75 },
  { code: '75', name: 'Đồng Nai', lon0: 107.75 },
  { code: '77', name: 'Bà Rịa - Vũng Tàu', lon0: 107.75 },
  { code: '79', name: 'Hồ Chí Minh', lon0: 105.75 },
  { code: '80', name: 'Long An', lon0: 105.75 },
  { code: '82', name: 'Tiền Giang', lon0: 105.75 },
  { code: '83', name: 'Bến Tre', lon0: 105.75 },
  { code: '84', name: 'Trà Vinh', lon0: 105.5 },
  { code: '86', name: 'Vĩnh Long', lon0: 105.5 },
  { code: '87', name: 'Đồng Tháp', lon0: 105.0 },
  { code: '89', name: 'An Giang', lon0: 104.75 },
  { code: '91', name: 'Kiên Giang', lon0: 104.5 },
  { code: '92', name: 'Cần Thơ', lon0: 105.0 },
  { code: '93', name: 'Hậu Giang', lon0: 105.0 },
  { code: '94', name: 'Sóc Trăng', lon0: 105.5 },
  { code: '95', name: 'Bạc Liêu', lon0: 105.0 },
  { code: '96', name: 'Cà Mau', lon0: 104.5 },
];

/** New (2025) province code → its old provinces' codes, the one whose code it kept first. */
const NEW_TO_OLD: Readonly<Record<string, readonly string[]>> = {
  '01': ['01'], '04': ['04'], '08': ['08', '02'], '11': ['11'], '12': ['12'], '14': ['14'],
  '15': ['15', '10'], '19': ['19', '06'], '20': ['20'], '22': ['22'], '24': ['24', '27'],
  '25': ['25', '17', '26'], '31': ['31', '30'], '33': ['33', '34'], '37': ['37', '35', '36'],
  '38': ['38'], '40': ['40'], '42': ['42'], '44': ['44', '45'], '46': ['46'], '48': ['48', '49'],
  '51': ['51', '62'], '52': ['52', '64'], '56': ['56', '58'], '66': ['66', '54'], '68': ['68', '60', '67'],
  '75': ['75', '70'], '79': ['79', '74', '77'], '80': ['80', '72'], '82': ['82', '87'],
  '86': ['86', '83', '84'], '91': ['91', '89'], '92': ['92', '93', '94'], '96': ['96', '95'],
};

export function oldProvinceZone(code: string): OldProvinceZone | undefined {
  return OLD_PROVINCE_ZONES.find((z) => z.code === code);
}

/**
 * Candidate meridians for a new (2025) province, most likely first; [] for an unknown code.
 * The new code is the code of one of its old provinces (24 Bắc Ninh kept old 24 Bắc Giang's code, and its
 * seat): that old province comes first.
 */
export function newProvinceMeridians(newCode: string): { readonly oldCode: string; readonly name: string; readonly lon0: number }[] {
  const olds = NEW_TO_OLD[newCode] ?? [];
  return olds.map((c) => {
    const z = oldProvinceZone(c)!;
    return { oldCode: z.code, name: z.name, lon0: z.lon0 };
  });
}

/** All distinct meridians of the grid, ascending. */
export const TM3_MERIDIANS: readonly number[] = [...new Set(OLD_PROVINCE_ZONES.map((z) => z.lon0))].sort((a, b) => a - b);
