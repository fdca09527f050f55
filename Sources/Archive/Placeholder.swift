// Archive: placeholder until the module lands.
