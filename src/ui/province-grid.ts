// The VN-2000 zone of the bundled province: new Hải Phòng keeps old Hải Phòng's TM-3 105°45′ (Thông tư
// 973/2001/TT-TCĐC). One place for the export, the record and typed coordinates, until a province
// object in the core carries each province's meridian (the issue on every province).
import { vn2000 } from '../io/vn2000';
import { oldProvinceZone } from '../core/model/vn2000-zones';

export const PROVINCE_GRID = vn2000(oldProvinceZone('31')!.lon0);
