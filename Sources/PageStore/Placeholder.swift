// PageStore: placeholder until the module lands.
