import { PasswordInput, type PasswordInputProps } from '@mantine/core'

/** Keeps what a PIN can hold: digits only, at most 8. */
export const pinDigits = (value: string): string => value.replace(/\D/g, '').slice(0, 8)

/** A PIN field: the number pad on touch screens, no autofill unless asked, and only digits kept. */
export function PinInput({
  value,
  onChange,
  ...rest
}: Omit<PasswordInputProps, 'value' | 'onChange'> & { value: string; onChange: (pin: string) => void }) {
  return (
    <PasswordInput
      inputMode="numeric"
      autoComplete="off"
      {...rest}
      value={value}
      onChange={(e) => onChange(pinDigits(e.currentTarget.value))}
    />
  )
}
