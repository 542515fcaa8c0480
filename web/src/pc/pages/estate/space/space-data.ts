// Types and queries of the space browser (院落 → 楼座 → 楼层 → 房间), shared by its parts.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../../../../api/client';
import type { ApiResponse, ListItem } from '../../../../api/types';

export type TreeItem = ApiResponse<'/api/estate/tree'>['items'][number];
export type Dicts = ApiResponse<'/api/estate/dicts'>;
export type Compound = ApiResponse<'/api/estate/compounds/{id}'>;
export type Building = ApiResponse<'/api/estate/buildings/{id}'>;
export type FloorGrid = ApiResponse<'/api/estate/buildings/{id}/floors'>;
export type GridRoom = FloorGrid['floors'][number]['rooms'][number];
export type RoomDetail = ApiResponse<'/api/estate/rooms/{id}'>;
export type RoomRow = ListItem<'/api/estate/rooms'>;

export const spaceKeys = {
  all: ['estate-space'] as const,
  dicts: ['estate-space', 'dicts'] as const,
  compound: (id: number) => ['estate-space', 'compound', id] as const,
  building: (id: number) => ['estate-space', 'building', id] as const,
  floors: (id: number) => ['estate-space', 'floors', id] as const,
  room: (id: number) => ['estate-space', 'room', id] as const,
};

export function useDicts() {
  return useQuery({
    queryKey: spaceKeys.dicts,
    staleTime: 10 * 60_000,
    queryFn: () => unwrap(api.GET('/api/estate/dicts', { lookup: true })),
  });
}

export function useCompound(id: number | null) {
  return useQuery({
    queryKey: spaceKeys.compound(id ?? 0),
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/estate/compounds/{id}', { params: { path: { id: id! } } })),
  });
}

export function useBuilding(id: number | null) {
  return useQuery({
    queryKey: spaceKeys.building(id ?? 0),
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/estate/buildings/{id}', { params: { path: { id: id! } } })),
  });
}

export function useFloors(buildingId: number | null) {
  return useQuery({
    queryKey: spaceKeys.floors(buildingId ?? 0),
    enabled: buildingId !== null,
    queryFn: () => unwrap(api.GET('/api/estate/buildings/{id}/floors', { params: { path: { id: buildingId! } } })),
  });
}

export function useRoom(id: number | null) {
  return useQuery({
    queryKey: spaceKeys.room(id ?? 0),
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/estate/rooms/{id}', { params: { path: { id: id! } } })),
  });
}

/** After any change: every cached compound, building, floor grid and room is refetched. */
export function useRefreshSpace() {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: spaceKeys.all }), [client]);
}

/** Use classes as grouped select options (by 办公室用房/服务用房/…). */
export function classOptionsOf(dicts: Dicts | undefined) {
  const groups = new Map<string, Array<{ label: string; value: string }>>();
  for (const u of dicts?.useClasses ?? []) {
    groups.set(u.categoryName, [...(groups.get(u.categoryName) ?? []), { label: u.name, value: u.code }]);
  }
  return [...groups.entries()].map(([label, options]) => ({ label, options }));
}

/** Number or undefined from a search param. */
export function idParam(value: string | null): number | null {
  if (value === null || !/^-?[0-9]{1,10}$/.test(value)) return null;
  return Number(value);
}
