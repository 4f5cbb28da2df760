'use strict';
// Serverless Framework plugin: bundles the Lambda functions with esbuild before packaging,
// so `serverless package` and `serverless deploy` always ship the current sources.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

class HeraldBuildPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:createDeploymentArtifacts': () => this.build(),
      'before:deploy:function:packageFunction': () => this.build(),
    };
  }

  build() {
    const root = this.serverless.serviceDir ?? this.serverless.config.servicePath;
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  }
}

module.exports = HeraldBuildPlugin;
