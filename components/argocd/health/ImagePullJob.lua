-- Argo CD health check for OpenKruise ImagePullJob (apps.kruise.io v1alpha1 and v1beta1, Kruise 1.9).
--
-- What the controller writes (apis/apps/v1alpha1/imagepulljob_types.go, pkg/controller/imagepulljob):
-- status has startTime, completionTime, desired, active, succeeded, failed, message and failedNodes;
-- no conditions and no observedGeneration. On its first pass the controller sets startTime and counts
-- one pulling task per matching node in `desired`. It sets completionTime when every task has
-- succeeded or failed ("job has completed"), or when activeDeadlineSeconds runs out ("job exceeds
-- activeDeadlineSeconds"; the unfinished nodes then count as failed). A task is marked failed only
-- after kruise-daemon has used up pullPolicy.backoffLimit, so a failure is final for that node.
-- With completionPolicy.type Never, completionTime is never set: the job stays to pull the image on
-- nodes that match later.
--
-- Health:
-- - Progressing: no status, or neither startTime nor completionTime (the controller has not
--   picked the job up), or tasks
--   are still running. The message is status.message ("job is running, progress 40.0%").
-- - Healthy: completed with no failure. A Never job counts as done once every matched node has
--   finished, and is Healthy when they all succeeded (succeeded >= desired). With desired == 0 no
--   node matches yet: that is Healthy with a message saying so, not Progressing, because the job
--   waits for matching nodes indefinitely.
-- - Degraded: done with failed > 0 (the count and the first few failedNodes), or completed with
--   fewer successes than desired.
-- - Suspended: spec.parallelism is 0, the documented way to pause a job, and the job is not done.
--   The webhook allows parallelism only as an integer or an integer string, hence tonumber.
--
-- Argo CD runs health scripts with only the base, table and os libraries (no string or math), so
-- this script uses none of the others.

hs = { status = "Progressing", message = "Waiting for the ImagePullJob controller to start the job" }

local MAX_LISTED = 3

-- The first MAX_LISTED items, then how many more: "a, b, c and 2 more".
local function listSome(items)
  local shown = {}
  for i = 1, #items do
    if i > MAX_LISTED then
      return table.concat(shown, ", ") .. " and " .. (#items - MAX_LISTED) .. " more"
    end
    shown[i] = tostring(items[i])
  end
  return table.concat(shown, ", ")
end

-- `text` followed by the controller's own message in parentheses, when it wrote one.
local function withStatusMessage(text, status)
  if status.message ~= nil and status.message ~= "" then
    return text .. " (" .. status.message .. ")"
  end
  return text
end

-- Not started: no status, or neither startTime nor completionTime. A completionTime alone (a job
-- restored from a backup, or its status written by something other than the controller) still
-- means the job is done.
if obj.status == nil or (obj.status.startTime == nil and obj.status.completionTime == nil) then
  return hs
end

local status = obj.status
local desired = status.desired or 0
local succeeded = status.succeeded or 0
local failed = status.failed or 0
local spec = obj.spec or {}
local never = spec.completionPolicy ~= nil and spec.completionPolicy.type == "Never"
local completed = status.completionTime ~= nil
local done = completed or (never and succeeded + failed >= desired)

if done then
  if failed > 0 then
    local text = "Image pull failed on " .. failed .. " of " .. desired .. " nodes"
    if status.failedNodes ~= nil and #status.failedNodes > 0 then
      text = text .. ": " .. listSome(status.failedNodes)
    end
    hs.status = "Degraded"
    hs.message = withStatusMessage(text, status)
    return hs
  end
  if succeeded < desired then
    hs.status = "Degraded"
    hs.message = withStatusMessage("Image pulled on only " .. succeeded .. " of " .. desired .. " nodes", status)
    return hs
  end
  hs.status = "Healthy"
  if never then
    if desired == 0 then
      hs.message = "No node matches yet; the job waits for matching nodes (completionPolicy Never)"
    else
      hs.message = "Image pulled on all " .. desired .. " matching nodes; the job waits for new nodes (completionPolicy Never)"
    end
  elseif desired == 0 then
    hs.message = withStatusMessage("No node matched; nothing to pull", status)
  else
    hs.message = withStatusMessage("Image pulled on all " .. desired .. " nodes", status)
  end
  return hs
end

if spec.parallelism ~= nil and tonumber(spec.parallelism) == 0 then
  hs.status = "Suspended"
  hs.message = withStatusMessage("Paused: spec.parallelism is 0", status)
  return hs
end

if status.message ~= nil and status.message ~= "" then
  hs.message = status.message
else
  hs.message = "Pulling: " .. succeeded .. " succeeded, " .. failed .. " failed of " .. desired .. " nodes"
end
return hs
