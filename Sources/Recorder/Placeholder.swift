// Recorder: placeholder until the module lands.
