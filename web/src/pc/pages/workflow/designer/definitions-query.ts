// The business types with their current version, draft flag and running approvals (list page and editor).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../../api/client';

export const DEFINITIONS_QUERY_KEY = ['wf-definitions'] as const;

export function useDefinitionsQuery() {
  return useQuery({ queryKey: DEFINITIONS_QUERY_KEY, queryFn: () => unwrap(api.GET('/api/workflow/definitions')) });
}
