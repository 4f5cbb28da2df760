// The AWS SDK warns on Node.js versions it will soon stop supporting; tests run on the
// machines' Node.js 20, where the warning is known and only noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
