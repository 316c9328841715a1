import { Button, Checkbox, Group, NumberInput, Table, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { Icon } from '../../components/icons'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

type JobType = SettingsView['jobTypes'][number]
const PHOTOS = [
  { key: 'before', label: 'Before' },
  { key: 'after', label: 'After' },
  { key: 'serial-plate', label: 'Serial plate' },
] as const

/** What each job type requires before a closeout counts as complete. */
export function JobTypesSection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [types, setTypes] = useState<JobType[]>(settings.jobTypes)
  const known = new Set(settings.jobTypes.map((t) => t.id))
  const { busy, message, fieldErrors, save, confirm } = useSectionSave(onSaved)
  const set = (i: number, patch: Partial<JobType>) =>
    setTypes((ts) => ts.map((t, k) => (k === i ? { ...t, ...patch } : t)))
  const submit = () =>
    void save({
      section: 'jobTypes',
      jobTypes: types.map((t) => ({
        ...t,
        requiredPhotos: Object.fromEntries(Object.entries(t.requiredPhotos).filter(([, n]) => n > 0)),
        laborHoursApprovalOver: t.laborHoursApprovalOver || null,
      })),
    })
  return (
    <SectionCard
      title="Job types and their requirements"
      description="The phone checks these before the technician can send; the office checks them again on arrival."
      onSave={submit}
      admin={confirm}
      busy={busy}
      message={message}
    >
      {/* A name must show whole: below this width the table scrolls sideways instead of cutting names. */}
      <Table.ScrollContainer minWidth={880} type="native">
        <Table verticalSpacing={6} aria-label="Job types">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="14%">Id</Table.Th>
              <Table.Th w="24%">Name</Table.Th>
              {PHOTOS.map((p) => (
                <Table.Th key={p.key} w="10%">
                  {p.label} photos
                </Table.Th>
              ))}
              <Table.Th w="8%">Serial no.</Table.Th>
              <Table.Th w="8%">Signature</Table.Th>
              <Table.Th w="10%">Approve above (h)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {types.map((t, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Job type ${i + 1} id`}
                    title={t.id}
                    value={t.id}
                    disabled={known.has(t.id)}
                    onChange={(e) => set(i, { id: e.currentTarget.value })}
                    error={fieldErrors[`jobTypes[${i}].id`]}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Job type ${i + 1} name`}
                    value={t.name}
                    onChange={(e) => set(i, { name: e.currentTarget.value })}
                    error={fieldErrors[`jobTypes[${i}].name`]}
                  />
                </Table.Td>
                {PHOTOS.map((p) => (
                  <Table.Td key={p.key}>
                    <NumberInput
                      size="xs"
                      aria-label={`${t.name || `Job type ${i + 1}`}: ${p.label} photos required`}
                      value={t.requiredPhotos[p.key] ?? 0}
                      min={0}
                      max={20}
                      allowDecimal={false}
                      onChange={(v) => set(i, { requiredPhotos: { ...t.requiredPhotos, [p.key]: Number(v) || 0 } })}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Checkbox
                    aria-label={`${t.name || `Job type ${i + 1}`}: serial number required`}
                    checked={t.requireSerialNumber}
                    onChange={(e) => set(i, { requireSerialNumber: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${t.name || `Job type ${i + 1}`}: signature required`}
                    checked={t.requireSignature}
                    onChange={(e) => set(i, { requireSignature: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${t.name || `Job type ${i + 1}`}: labor hours needing approval`}
                    placeholder="No limit"
                    value={t.laborHoursApprovalOver ?? ''}
                    onChange={(e) => set(i, { laborHoursApprovalOver: e.currentTarget.value.trim() || null })}
                    error={fieldErrors[`jobTypes[${i}].laborHoursApprovalOver`]}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<Icon name="plus" size={14} />}
          onClick={() =>
            setTypes((ts) => [
              ...ts,
              {
                id: '',
                name: '',
                requiredPhotos: {},
                requireSerialNumber: false,
                requireSignature: false,
                laborHoursApprovalOver: null,
              },
            ])
          }
        >
          Add a job type
        </Button>
      </Group>
    </SectionCard>
  )
}
