// The Tasks & opcodes tab: the provider's tasks (with their opcodes and event GUIDs) above, its opcodes
// (task-specific, global, and the standard winmeta ones its events use) below; each counts the events
// that use it, and a followed search hit (a task or opcode name) selects its row.
import { useMemo } from 'react';
import {
  STANDARD_OPCODES,
  type OpcodeSchema,
  type ProviderSchema,
  type TaskSchema,
} from '@common/model/schema';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { countBy } from './LevelsChannelsTabs';
import { useProvidersStore } from './providers-store';
import { countColumn, messageColumn, nameColumn, valueColumn } from './schema-columns';
import { displayName } from './schema-names';

interface TaskRow {
  task: TaskSchema;
  opcodes: string;
  events: number;
}
interface OpcodeRow {
  opcode: OpcodeSchema;
  taskName: string;
  standard: boolean;
  events: number;
}

export function TasksTab({ provider }: { provider: ProviderSchema }) {
  const highlight = useProvidersStore((s) => s.highlight);
  const { tasks, opcodes } = useMemo(() => {
    const byTask = countBy(provider.events.map((e) => e.task));
    const byOpcode = countBy(provider.events.map((e) => `${e.task}/${e.opcode}`));
    const taskNames = new Map(provider.tasks.map((t) => [t.value, t.name]));
    const tasks: TaskRow[] = provider.tasks.map((task) => ({
      task,
      opcodes: provider.opcodes
        .filter((o) => o.task === task.value)
        .map((o) => displayName(o.name))
        .join(', '),
      events: byTask.get(task.value) ?? 0,
    }));
    const eventsWithOpcode = (o: OpcodeSchema) =>
      o.task !== undefined
        ? (byOpcode.get(`${o.task}/${o.value}`) ?? 0)
        : provider.events.filter((e) => e.opcode === o.value).length;
    const own: OpcodeRow[] = provider.opcodes.map((opcode) => ({
      opcode,
      taskName: opcode.task !== undefined ? (taskNames.get(opcode.task) ?? String(opcode.task)) : '',
      standard: false,
      events: eventsWithOpcode(opcode),
    }));
    const used = new Set(provider.events.map((e) => e.opcode));
    const standard: OpcodeRow[] = STANDARD_OPCODES.filter(
      (o) => used.has(o.value) && !provider.opcodes.some((p) => p.value === o.value && p.task === undefined),
    ).map((opcode) => ({ opcode, taskName: '', standard: true, events: eventsWithOpcode(opcode) }));
    return { tasks, opcodes: [...own, ...standard] };
  }, [provider]);
  const markedTask =
    highlight?.where === 'task' ? tasks.find((t) => t.task.name === highlight.text) : undefined;
  const markedOpcode =
    highlight?.where === 'opcode' ? opcodes.find((o) => o.opcode.name === highlight.text) : undefined;
  const taskKey = (r: TaskRow) => `${r.task.value}|${r.task.name}`;
  const opcodeKey = (r: OpcodeRow) => `${r.opcode.task ?? ''}|${r.opcode.value}|${r.opcode.name}`;

  const taskColumns: DataGridColumn<TaskRow>[] = [
    valueColumn((r) => r.task.value),
    { id: 'name', label: 'Task', width: 180, grow: 1, render: (r) => r.task.name, sort: (r) => r.task.name },
    {
      id: 'opcodes',
      label: 'Opcodes',
      width: 160,
      grow: 1,
      render: (r) => r.opcodes,
      title: (r) => r.opcodes,
    },
    countColumn((r) => r.events),
    {
      id: 'guid',
      label: 'Event GUID',
      width: 150,
      mono: true,
      render: (r) => r.task.eventGuid ?? '',
      title: (r) => r.task.eventGuid,
    },
    messageColumn((r) => r.task.message, { width: 160, grow: 1.5 }),
  ];
  const opcodeColumns: DataGridColumn<OpcodeRow>[] = [
    valueColumn((r) => r.opcode.value),
    nameColumn('Opcode', (r) => r.opcode.name, { width: 180, grow: 1 }),
    {
      id: 'task',
      label: 'Task',
      width: 160,
      grow: 1,
      render: (r) =>
        r.standard ? (
          <span className="faint">winmeta (any task)</span>
        ) : (
          r.taskName || <span className="faint">any task</span>
        ),
      sort: (r) => r.taskName,
    },
    countColumn((r) => r.events),
    messageColumn((r) => r.opcode.message, { width: 160, grow: 1.5 }),
  ];
  return (
    <div className="tab-columns">
      <section className="tab-section">
        <h3 className="section-title">Tasks ({tasks.length})</h3>
        <DataGrid
          rows={tasks}
          columns={taskColumns}
          rowKey={taskKey}
          label="Tasks"
          testId="tasks-grid"
          selectedKey={markedTask ? taskKey(markedTask) : undefined}
          defaultSort={{ column: 'value', descending: false }}
          empty="No tasks defined."
        />
      </section>
      <section className="tab-section">
        <h3 className="section-title">Opcodes ({opcodes.length})</h3>
        <DataGrid
          rows={opcodes}
          columns={opcodeColumns}
          rowKey={opcodeKey}
          label="Opcodes"
          testId="opcodes-grid"
          selectedKey={markedOpcode ? opcodeKey(markedOpcode) : undefined}
          defaultSort={{ column: 'value', descending: false }}
          empty="No opcodes defined or used."
        />
      </section>
    </div>
  );
}
