// 职级 options for selects, grouped by level (省部级 … 科员级).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export interface RankOptionGroup {
  label: string;
  options: Array<{ label: string; value: string }>;
}

export function useRankOptions(): RankOptionGroup[] {
  const ranks = useQuery({
    queryKey: ['ranks'],
    staleTime: 10 * 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/ranks', { lookup: true }))).items,
  });
  const groups = new Map<string, RankOptionGroup>();
  for (const rank of ranks.data ?? []) {
    const group = groups.get(rank.levelName) ?? { label: rank.levelName, options: [] };
    group.options.push({ label: rank.name, value: rank.code });
    groups.set(rank.levelName, group);
  }
  return [...groups.values()];
}
