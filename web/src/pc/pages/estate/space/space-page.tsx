// 房产与房间 (/estate/space): a searchable lazy tree 院落 → 楼座 → 楼层 on the left; on the right the compound
// summary or the building's floor grid, the room register and the occupant register. The selection lives in the
// URL (?compoundId= ?buildingId= &floorNo= ?roomId= ?personId= &view=) so findings and the map can link here.
import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Space, Tabs, Tag, Tree, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type Key } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../../../api/client';
import { useLazyTree, type NodeOf } from '../../../components/lazy-tree';
import { usePermission } from '../../../me';
import { floorLabel } from './space-colors';
import { idParam, useBuilding, useCompound, useRefreshSpace, useRoom, type TreeItem } from './space-data';
import { BuildingFormModal, CompoundFormModal } from './space-forms';
import { RoomDrawer } from './space-room-drawer';
import { OccupancyTable, RoomTable } from './space-tables';
import { BuildingView, CompoundView } from './space-views';

type View = 'plan' | 'rooms' | 'occupants';
const isView = (v: string | null): v is View => v === 'plan' || v === 'rooms' || v === 'occupants';

const compoundKey = (id: number) => `compound:${id}`;
const buildingKey = (id: number) => `building:${id}`;

function NodeTitle({ item }: { item: TreeItem }) {
  return (
    <span
      title={item.extra ? `${item.title}（${item.extra}）` : item.title}
      style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
    >
      {item.title}
      {item.extra && (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
          {item.extra}
        </Typography.Text>
      )}
    </span>
  );
}

export function SpacePage() {
  const can = usePermission();
  const canWrite = can('estate:space:write');
  const [params, setParams] = useSearchParams();
  const compoundParam = idParam(params.get('compoundId'));
  const buildingId = idParam(params.get('buildingId'));
  const floorNo = buildingId === null ? null : idParam(params.get('floorNo'));
  const roomId = idParam(params.get('roomId'));
  const personId = idParam(params.get('personId'));
  const wanted = params.get('view');
  const view: View = isView(wanted) ? wanted : personId !== null ? 'rooms' : 'plan';

  const update = useCallback(
    (changes: Record<string, string | number | null>, replace = false) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  // Arriving with ?roomId= alone (a link from a finding or the map): the room tells which building to show.
  const [linkedRoomId] = useState(() => (roomId !== null && buildingId === null && compoundParam === null ? roomId : null));
  const linkedRoom = useRoom(linkedRoomId);
  useEffect(() => {
    if (linkedRoom.data) update({ buildingId: linkedRoom.data.buildingId }, true);
  }, [linkedRoom.data, update]);

  const building = useBuilding(buildingId);
  const compoundId = buildingId !== null ? (building.data?.compoundId ?? null) : compoundParam;
  const compound = useCompound(compoundId);

  // ---------------------------------------------------------------- tree
  const [search, setSearch] = useState('');
  const load = useCallback(
    async (parent: TreeItem | undefined) => {
      const query = parent ? { parent: parent.key } : search ? { q: search } : {};
      return (await unwrap(api.GET('/api/estate/tree', { params: { query } }))).items;
    },
    [search],
  );
  const toNode = (item: TreeItem): NodeOf<TreeItem> => ({
    key: item.key,
    value: item.key,
    title: <NodeTitle item={item} />,
    isLeaf: item.isLeaf,
    data: item,
  });
  const tree = useLazyTree(load, toNode, [search], can('estate:space:read'));
  const [expanded, setExpanded] = useState<Key[]>([]);

  /** Opens the compound (and building) of the selection in the tree, loading their children. */
  const reveal = useCallback(
    async (cid: number, bid: number | null, reset = false) => {
      const keys = [compoundKey(cid)];
      await tree.loadData({ key: compoundKey(cid) });
      if (bid !== null) {
        await tree.loadData({ key: buildingKey(bid) });
        keys.push(buildingKey(bid));
      }
      setExpanded((prev) => (reset ? keys : [...new Set([...prev, ...keys])]));
    },
    [tree.loadData],
  );

  const treeReady = tree.treeData.length > 0;
  const revealBuilding = floorNo !== null ? buildingId : null;
  useEffect(() => {
    if (treeReady && compoundId !== null) void reveal(compoundId, revealBuilding);
  }, [treeReady, compoundId, revealBuilding, reveal]);

  const selectedKey =
    buildingId !== null && floorNo !== null
      ? `floor:${buildingId}:${floorNo}`
      : buildingId !== null
        ? buildingKey(buildingId)
        : compoundParam !== null
          ? compoundKey(compoundParam)
          : null;

  const select = (item: TreeItem | null) => {
    const base = { compoundId: null, buildingId: null, floorNo: null, roomId: null, personId: null };
    if (!item) update(base);
    else if (item.kind === 'compound') update({ ...base, compoundId: item.id });
    else if (item.kind === 'building') update({ ...base, buildingId: item.id });
    else update({ ...base, buildingId: Number(item.key.split(':')[1]), floorNo: item.id, view: 'plan' });
  };

  // ---------------------------------------------------------------- changes
  const refreshSpace = useRefreshSpace();
  const roomsRef = useRef<ActionType>();
  const occupantsRef = useRef<ActionType>();
  const [creatingCompound, setCreatingCompound] = useState(false);
  const [addingBuildingTo, setAddingBuildingTo] = useState<{ id: number; name: string } | null>(null);

  const afterChange = async (change: { compoundId?: number; buildingId?: number; topLevel?: boolean }) => {
    void refreshSpace();
    void roomsRef.current?.reload();
    void occupantsRef.current?.reload();
    if (change.topLevel) {
      await tree.reload();
      if (change.compoundId !== undefined) await reveal(change.compoundId, null, true);
      return;
    }
    if (change.buildingId !== undefined) await tree.refreshNode(buildingKey(change.buildingId));
    if (change.compoundId !== undefined) await tree.refreshNode(compoundKey(change.compoundId));
  };

  const afterBuildingCreated = async (cid: number, bid: number) => {
    // a compound without buildings is a leaf in the tree: reload the top level so it can open
    await afterChange({ compoundId: cid, topLevel: true });
    await reveal(cid, null);
    update({ compoundId: null, buildingId: bid, floorNo: null, roomId: null });
  };

  const openRoom = (id: number) => update({ roomId: id });

  // ---------------------------------------------------------------- right side
  const scopeTitle =
    buildingId !== null
      ? `${building.data?.name ?? '楼座'}${floorNo !== null ? ` ${floorLabel(floorNo)}` : ''}`
      : compoundId !== null
        ? (compound.data?.name ?? '院落')
        : '全部院落';
  const listScope = {
    ...(buildingId !== null ? { buildingId } : compoundId !== null ? { compoundId } : {}),
  };

  const plan =
    buildingId !== null ? (
      <BuildingView
        buildingId={buildingId}
        floorNo={floorNo}
        roomId={roomId}
        onShowAllFloors={() => update({ floorNo: null })}
        onOpenRoom={openRoom}
        onChanged={(c) => void afterChange(c)}
      />
    ) : compoundId !== null ? (
      <CompoundView
        compoundId={compoundId}
        onSelectBuilding={(id) => update({ compoundId: null, buildingId: id, floorNo: null, roomId: null, view: 'plan' })}
        onChanged={(c) =>
          void (c.buildingId !== undefined && !compound.data?.buildings
            ? afterBuildingCreated(c.compoundId, c.buildingId)
            : afterChange(c))
        }
      />
    ) : (
      <Card>
        <Empty
          description={
            <Space direction="vertical" size={4}>
              <span>请先在左侧选择院落或楼座</span>
              <Typography.Text type="secondary">选中楼座后按楼层查看各房间的用途、状态、使用人与超标情况</Typography.Text>
            </Space>
          }
        >
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreatingCompound(true)}>
              新增院落
            </Button>
          )}
        </Empty>
      </Card>
    );

  const person = useQuery({
    queryKey: ['person-name', personId],
    enabled: personId !== null && can('org:person:read'),
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/persons/{id}', { params: { path: { id: personId! } }, silent: true })),
  });
  const personFilter =
    personId !== null ? (
      <Tag closable color="blue" onClose={() => update({ personId: null })} style={{ marginBottom: 8 }}>
        仅显示 {person.data ? `${person.data.name}（${person.data.unitName}）` : `人员 #${personId}`} 使用的房间
      </Tag>
    ) : null;

  return (
    <PageContainer title="房产与房间" subTitle="院落、楼座、楼层与房间，使用人及超标情况">
      <div className="steward-split">
        <Card
          className="steward-split-side"
          size="small"
          title="院落 / 楼座 / 楼层"
          extra={
            canWrite && (
              <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setCreatingCompound(true)}>
                新增院落
              </Button>
            )
          }
          loading={tree.loading && tree.treeData.length === 0 && !search}
        >
          <Input.Search
            allowClear
            placeholder="搜索院落名称、编号或地址"
            onSearch={(v) => setSearch(v.trim())}
            style={{ marginBottom: 8 }}
          />
          {selectedKey && (
            <div style={{ marginBottom: 4 }}>
              <a onClick={() => select(null)}>取消选择，查看全部</a>
            </div>
          )}
          <div className="steward-tree-scroll">
            {tree.treeData.length === 0 && !tree.loading ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={search ? `没有名称含“${search}”的院落` : canWrite ? '暂无院落，点击“新增院落”或从 Excel 导入' : '暂无可见的院落'}
              />
            ) : (
              <Tree
                blockNode
                treeData={tree.treeData}
                loadData={tree.loadData}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys)}
                selectedKeys={selectedKey ? [selectedKey] : []}
                onSelect={(_keys, info) => {
                  const node = info.node as unknown as { data: TreeItem };
                  select(info.selected ? node.data : null);
                }}
                titleRender={(node) => {
                  const item = (node as unknown as { data: TreeItem }).data;
                  return (
                    <span style={{ display: 'flex', alignItems: 'center', gap: 4, width: '100%', justifyContent: 'space-between', minWidth: 0 }}>
                      <NodeTitle item={item} />
                      {item.kind === 'compound' && canWrite && item.key === selectedKey && (
                        <Button
                          size="small"
                          type="text"
                          icon={<PlusOutlined />}
                          title="新增楼座"
                          aria-label={`在${item.title}新增楼座`}
                          onClick={(e) => {
                            e.stopPropagation();
                            setAddingBuildingTo({ id: item.id, name: item.title });
                          }}
                        />
                      )}
                    </span>
                  );
                }}
              />
            )}
          </div>
        </Card>
        <div className="steward-split-main">
          <Tabs
            activeKey={view}
            onChange={(key) => update({ view: key === 'plan' ? null : key })}
            items={[
              { key: 'plan', label: buildingId !== null ? '楼层平面' : compoundId !== null ? '院落概况' : '概况', children: plan },
              {
                key: 'rooms',
                label: '房间台账',
                children: (
                  <>
                    {personFilter}
                    <RoomTable
                      title={`${scopeTitle} · 房间`}
                      params={{ ...listScope, ...(floorNo !== null ? { floorNo } : {}), ...(personId !== null ? { personId } : {}) }}
                      onOpenRoom={openRoom}
                      actionRef={roomsRef}
                    />
                  </>
                ),
              },
              {
                key: 'occupants',
                label: '使用人台账',
                children: <OccupancyTable title={`${scopeTitle} · 使用人`} params={listScope} onOpenRoom={openRoom} actionRef={occupantsRef} />,
              },
            ]}
          />
        </div>
      </div>
      {roomId !== null && (
        <RoomDrawer
          roomId={roomId}
          onClose={() => update({ roomId: null })}
          onOpenRoom={openRoom}
          onChanged={() => void afterChange({ buildingId: buildingId ?? undefined, compoundId: compoundId ?? undefined })}
        />
      )}
      {creatingCompound && (
        <CompoundFormModal
          onClose={() => setCreatingCompound(false)}
          onSaved={(saved) => {
            setCreatingCompound(false);
            update({ compoundId: saved.id, buildingId: null, floorNo: null, roomId: null, view: null });
            void afterChange({ compoundId: saved.id, topLevel: true });
          }}
        />
      )}
      {addingBuildingTo && (
        <BuildingFormModal
          compound={addingBuildingTo}
          onClose={() => setAddingBuildingTo(null)}
          onSaved={(saved) => {
            setAddingBuildingTo(null);
            void afterBuildingCreated(addingBuildingTo.id, saved.id);
          }}
        />
      )}
    </PageContainer>
  );
}
