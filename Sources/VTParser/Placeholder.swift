// VTParser: placeholder until the module lands.
