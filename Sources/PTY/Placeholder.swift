// PTY: placeholder until the module lands.
