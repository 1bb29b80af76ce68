import { describe, expect, it } from 'vitest'
import { definition } from '../../src/catalogue/conversations.js'
import { conversations, createPolicy, defineCatalogue } from '../../src/index.js'

// conversations is built by trustedCatalogue (no validator, so `import { can }` stays small);
// these tests hold that shortcut to what defineCatalogue makes of the same data.
describe('the built-in catalogue, built without the validator', () => {
  it('is exactly what defineCatalogue makes of the same definition (so it passes validation)', () => {
    expect(defineCatalogue(definition)).toEqual(conversations)
  })

  it('is frozen throughout and accepted by createPolicy as a defined catalogue', () => {
    expect(Object.isFrozen(conversations)).toBe(true)
    expect(conversations.permissions.every((p) => Object.isFrozen(p) && Object.isFrozen(p.requires))).toBe(true)
    expect(conversations.roles.every((r) => Object.isFrozen(r) && Object.isFrozen(r.permissions))).toBe(true)
    expect(createPolicy(conversations).catalogue).toBe(conversations)
  })
})
