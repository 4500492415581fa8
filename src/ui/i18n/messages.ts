// UI strings. Vietnamese first; English mirrors every key (the type enforces it).
const vi = {
  appTitle: 'Địa giới',
  appSubtitle: 'Ranh giới hành chính cấp xã — Thành phố Hải Phòng (từ 1/7/2025)',
  language: 'Ngôn ngữ',
  showOldUnits: 'Hiện xã cũ (trước 2025)',
  unitBrowser: 'Danh sách đơn vị',
  search: 'Tìm đơn vị',
  searchPlaceholder: 'Tên hoặc mã, ví dụ "thanh dong"',
  unitCount: (shown: number, total: number) => (shown === total ? `${total} đơn vị` : `${shown} / ${total} đơn vị`),
  noMatch: 'Không có đơn vị nào khớp.',
  map: 'Bản đồ ranh giới',
  loading: 'Đang tải dữ liệu…',
  loadFailed: 'Không tải được dữ liệu',
  file: 'Tệp',
  unitDetails: 'Thông tin đơn vị',
  noSelection: 'Chọn một đơn vị trong danh sách hoặc trên bản đồ.',
  close: 'Đóng',
  code: 'Mã',
  fullName: 'Tên đầy đủ',
  type: 'Loại',
  officialArea: 'Diện tích chính thức',
  geodesicArea: 'Diện tích đo (elipxoit WGS84)',
  areaDifference: 'Chênh lệch',
  formedFrom: 'Hình thành từ',
  full: 'toàn bộ',
  partial: 'một phần',
  neighbours: 'Đơn vị giáp ranh',
  sharedBorder: 'chung ranh giới',
  noNeighbours: 'Không giáp đơn vị nào trong tỉnh.',
  types: { phuong: 'Phường', xa: 'Xã', 'dac-khu': 'Đặc khu', unknown: 'Chưa rõ' },
  dataSources: 'Nguồn dữ liệu',
  credits:
    'Ranh giới 2025: NXB Tài nguyên – Môi trường và Bản đồ Việt Nam / sapnhap.bando.com.vn (qua thanglequoc/vietnamese-provinces-database, MIT). Danh sách sáp nhập: dvhcvn/20250701 (MIT). Xã cũ 2008: choisy/vietnam63 (MIT).',
  km2: 'km²',
  m: 'm',
};

export type Messages = typeof vi;

const en: Messages = {
  appTitle: 'Địa giới',
  appSubtitle: 'Commune-level administrative boundaries — Hải Phòng City (from 1 July 2025)',
  language: 'Language',
  showOldUnits: 'Show old communes (before 2025)',
  unitBrowser: 'Units',
  search: 'Search units',
  searchPlaceholder: 'Name or code, e.g. "thanh dong"',
  unitCount: (shown, total) => (shown === total ? `${total} units` : `${shown} of ${total} units`),
  noMatch: 'No unit matches.',
  map: 'Boundary map',
  loading: 'Loading data…',
  loadFailed: 'The data could not be loaded',
  file: 'File',
  unitDetails: 'Unit details',
  noSelection: 'Select a unit in the list or on the map.',
  close: 'Close',
  code: 'Code',
  fullName: 'Full name',
  type: 'Type',
  officialArea: 'Official area',
  geodesicArea: 'Measured area (WGS84 ellipsoid)',
  areaDifference: 'Difference',
  formedFrom: 'Formed from',
  full: 'whole',
  partial: 'part',
  neighbours: 'Neighbouring units',
  sharedBorder: 'shared border',
  noNeighbours: 'No neighbour in the province.',
  types: { phuong: 'Ward', xa: 'Commune', 'dac-khu': 'Special zone', unknown: 'Unknown' },
  dataSources: 'Data sources',
  credits:
    '2025 boundaries: NXB Tài nguyên – Môi trường và Bản đồ Việt Nam / sapnhap.bando.com.vn (via thanglequoc/vietnamese-provinces-database, MIT). Merger lists: dvhcvn/20250701 (MIT). Old communes 2008: choisy/vietnam63 (MIT).',
  km2: 'km²',
  m: 'm',
};

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const MESSAGES: Record<Lang, Messages> = { vi, en };

export function formatNumber(lang: Lang, n: number, digits = 2): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
