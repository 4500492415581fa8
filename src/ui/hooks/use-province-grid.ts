// The VN-2000 grid of the open draft's province: typed coordinates, the record and the VN-2000 exports
// all use it, so a Hà Nội draft works on 105°00′ and a Hải Phòng one on 105°45′.
import { useMemo } from 'react';
import type { Editor } from '../../editor/editor';
import { vn2000, type Vn2000Crs } from '../../io/vn2000';
import { useStore } from './use-store';

/** The province's TM-3 grid; null until a draft (and so its province) is open. */
export function useProvinceGrid(editor: Editor): Vn2000Crs | null {
  const province = useStore(editor.province);
  return useMemo(() => (province ? vn2000(province.meridian.lon0) : null), [province]);
}
