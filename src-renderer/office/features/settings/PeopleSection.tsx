import { Badge, Button, Checkbox, Group, MultiSelect, Select, Stack, Table, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { Icon } from '../../components/icons'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'
import { PinInput } from '../../components/PinInput'

type Person = {
  id: string
  name: string
  active: boolean
  hasPin: boolean
  pin: string
  roles?: SettingsView['users'][number]['roles']
  technicianId?: string | null
  email?: string
  phone?: string
  defaultLaborRole?: string | null
}

const ROLES = [
  { value: 'billing', label: 'Billing' },
  { value: 'supervisor', label: 'Supervisor' },
  { value: 'admin', label: 'Admin' },
]

/** Office users (who approve) or technicians (who close out on the phone), each with a PIN. */
export function PeopleSection({
  kind,
  settings,
  onSaved,
}: {
  kind: 'users' | 'technicians'
  settings: SettingsView
  onSaved: (v: SettingsView) => void
}) {
  const initial: Person[] =
    kind === 'users'
      ? settings.users.map((u) => ({ ...u, pin: '' }))
      : settings.technicians.map((t) => ({ ...t, pin: '' }))
  const [people, setPeople] = useState<Person[]>(initial)
  const known = new Set(initial.map((p) => p.id))
  // The role a technician's phone starts labor lines with; none: the job estimate's labor line decides.
  const laborRoles = settings.accountingMappings
    .filter((m) => m.kind === 'labor')
    .map((m) => ({ value: m.ref, label: m.label }))
  const { busy, message, fieldErrors, save, confirm } = useSectionSave((v) => {
    onSaved(v)
    setPeople((ps) => ps.map((p) => ({ ...p, pin: '', hasPin: p.hasPin || p.pin !== '' })))
  })
  const set = (i: number, patch: Partial<Person>) =>
    setPeople((ps) => ps.map((p, k) => (k === i ? { ...p, ...patch } : p)))
  const submit = () => {
    if (kind === 'users') {
      void save({
        section: 'users',
        users: people.map((p) => ({
          id: p.id,
          name: p.name,
          roles: p.roles ?? ['billing'],
          active: p.active,
          technicianId: p.technicianId ?? null,
          ...(p.pin ? { pin: p.pin } : {}),
        })),
      })
    } else {
      void save({
        section: 'technicians',
        technicians: people.map((p) => ({
          id: p.id,
          name: p.name,
          active: p.active,
          ...(p.email ? { email: p.email } : {}),
          ...(p.phone ? { phone: p.phone } : {}),
          defaultLaborRole: p.defaultLaborRole ?? null,
          ...(p.pin ? { pin: p.pin } : {}),
        })),
      })
    }
  }
  const what = kind === 'users' ? 'office user' : 'technician'
  return (
    <SectionCard
      title={kind === 'users' ? 'Office users' : 'Technicians'}
      description={
        kind === 'users'
          ? 'People who approve, send back and edit. Their PIN confirms each decision; it is stored only as a salted hash.'
          : 'People who close out jobs on their phones with a PIN. Switch someone off instead of deleting them: their history stays.'
      }
      onSave={submit}
      admin={confirm}
      busy={busy}
      message={message}
    >
      <Table verticalSpacing={6} aria-label={kind === 'users' ? 'Office users' : 'Technicians'}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="12%">Id</Table.Th>
            <Table.Th w="26%">Name</Table.Th>
            <Table.Th>{kind === 'users' ? 'Roles' : 'Email'}</Table.Th>
            {kind === 'technicians' ? <Table.Th w="18%">Labor role on the phone</Table.Th> : null}
            <Table.Th w="20%">New PIN</Table.Th>
            <Table.Th w="9%">Active</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((p, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`${what} ${i + 1} id`}
                  value={p.id}
                  disabled={known.has(p.id)}
                  onChange={(e) => set(i, { id: e.currentTarget.value })}
                  error={fieldErrors[`${kind}[${i}].id`]}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`${what} ${i + 1} name`}
                  value={p.name}
                  onChange={(e) => set(i, { name: e.currentTarget.value })}
                  error={fieldErrors[`${kind}[${i}].name`]}
                />
              </Table.Td>
              <Table.Td>
                {kind === 'users' ? (
                  <Stack gap={4}>
                    <MultiSelect
                      size="xs"
                      aria-label={`${p.name || what} roles`}
                      data={ROLES}
                      value={p.roles ?? []}
                      onChange={(v) => set(i, { roles: v as Person['roles'] })}
                      error={fieldErrors[`users[${i}].roles`]}
                    />
                    {/* A user who also works as a technician never approves that technician's work. */}
                    <Select
                      size="xs"
                      aria-label={`${p.name || what} works as technician`}
                      placeholder="Not a technician"
                      clearable
                      data={settings.technicians.map((t) => ({ value: t.id, label: `Works as ${t.name}` }))}
                      value={p.technicianId ?? null}
                      onChange={(v) => set(i, { technicianId: v })}
                      error={fieldErrors[`users[${i}].technicianId`]}
                    />
                  </Stack>
                ) : (
                  <TextInput
                    size="xs"
                    aria-label={`${p.name || what} email`}
                    value={p.email ?? ''}
                    onChange={(e) => set(i, { email: e.currentTarget.value })}
                    error={fieldErrors[`technicians[${i}].email`]}
                  />
                )}
              </Table.Td>
              {kind === 'technicians' ? (
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`${p.name || what} labor role on the phone`}
                    placeholder="From the estimate"
                    data={laborRoles}
                    value={p.defaultLaborRole ?? null}
                    clearable
                    onChange={(v) => set(i, { defaultLaborRole: v })}
                    error={fieldErrors[`technicians[${i}].defaultLaborRole`]}
                  />
                </Table.Td>
              ) : null}
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <PinInput
                    size="xs"
                    aria-label={`New PIN for ${p.name || what}`}
                    placeholder={p.hasPin ? 'Keep current' : 'Set a PIN'}
                    value={p.pin}
                    autoComplete="new-password"
                    onChange={(pin) => set(i, { pin })}
                    error={fieldErrors[`${kind}[${i}].pin`]}
                    style={{ flex: 1 }}
                  />
                  {!p.hasPin && !p.pin ? (
                    <Badge size="xs" color="orange" variant="light">
                      No PIN
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`${p.name || what} active`}
                  checked={p.active}
                  onChange={(e) => set(i, { active: e.currentTarget.checked })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<Icon name="plus" size={14} />}
          onClick={() =>
            setPeople((ps) => [
              ...ps,
              {
                id: '',
                name: '',
                active: true,
                hasPin: false,
                pin: '',
                ...(kind === 'users' ? { roles: ['billing'] as Person['roles'] } : {}),
              },
            ])
          }
        >
          Add {what === 'office user' ? 'a user' : 'a technician'}
        </Button>
      </Group>
    </SectionCard>
  )
}
