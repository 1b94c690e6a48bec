-- Argo CD health check for OpenKruise SidecarSet (apps.kruise.io v1alpha1 and v1beta1, Kruise 1.9).
--
-- What the controller writes (apis/apps/v1alpha1/sidecarset_types.go, pkg/controller/sidecarset):
-- status has observedGeneration, matchedPods, updatedPods (pods running the latest sidecar
-- revision), readyPods, updatedReadyPods, latestRevision and collisionCount; no conditions. It
-- copies metadata.generation into observedGeneration whenever it writes status. With
-- updateStrategy.paused it stops updating the injected pods. With updateStrategy.type NotUpdate
-- it never updates them: only newly created pods get the new sidecar. With
-- updateStrategy.partition it leaves that many pods on older revisions: it stops once the pods
-- waiting for an update are no more than the partition (an integer, or a percentage of
-- matchedPods rounded up, at most matchedPods - 1 below 100%).
--
-- Health:
-- - Progressing: no status yet; observedGeneration < metadata.generation (the controller has not
--   seen the latest spec); updatedPods < matchedPods (the rollout is under way); or
--   readyPods < matchedPods. The message says which.
-- - Suspended: updatedPods < matchedPods and the rollout is stopped on purpose, either by
--   updateStrategy.paused or because the partition is reached, like Argo CD's CloneSet check
--   ("needs manual intervention").
-- - Healthy: otherwise, including matchedPods == 0 (no pod to inject into), and NotUpdate
--   SidecarSets whose older pods keep their sidecar until recreated (that is by design, not a
--   rollout that will ever finish).
-- - Degraded: never. A SidecarSet reports no failure, only counts; pods that do not become ready
--   stay Progressing, as with readyPods in Argo CD's other workload checks.
-- updatedReadyPods is not used: once every pod is updated it equals readyPods.
--
-- Argo CD runs health scripts with only the base, table and os libraries (no string or math), so
-- this script uses none of the others; percentages are recognised by comparison.

hs = { status = "Progressing", message = "Waiting for the SidecarSet controller to report status" }

-- How many pods the partition keeps on older revisions, as Kruise computes it
-- (pkg/util.CalculatePartitionReplicas); 0 when unset or not understood.
local function partitionPods(partition, matched)
  if partition == nil then
    return 0
  end
  local value = 0
  if type(partition) == "number" then
    value = partition
  else
    for percent = 0, 100 do
      if partition == percent .. "%" then
        local scaled = percent * matched / 100
        value = scaled - scaled % 1
        if value < scaled then
          value = value + 1
        end
        if matched > 1 and value == matched and percent ~= 100 then
          value = matched - 1
        end
      end
    end
  end
  if value > matched then
    value = matched
  end
  if value < 0 then
    value = 0
  end
  return value
end

if obj.status == nil then
  return hs
end

local status = obj.status
local generation = (obj.metadata or {}).generation or 0
local observed = status.observedGeneration or 0
if observed < generation then
  hs.message = "Waiting for the controller to observe generation " .. generation .. " (observed " .. observed .. ")"
  return hs
end

local strategy = (obj.spec or {}).updateStrategy or {}
local matched = status.matchedPods or 0
local updated = status.updatedPods or 0
local ready = status.readyPods or 0
local notUpdate = strategy.type == "NotUpdate"

if updated < matched and not notUpdate then
  if strategy.paused == true then
    hs.status = "Suspended"
    hs.message = "Update paused: " .. updated .. " of " .. matched .. " matched pods updated"
    return hs
  end
  local partition = partitionPods(strategy.partition, matched)
  if partition > 0 and matched - updated <= partition then
    hs.status = "Suspended"
    hs.message = "Update held by partition " .. tostring(strategy.partition) .. ": " .. updated .. " of " .. matched .. " matched pods updated"
    return hs
  end
  hs.message = "Updating: " .. updated .. " of " .. matched .. " matched pods updated"
  return hs
end

if ready < matched then
  hs.message = "Waiting for pods to be ready: " .. ready .. " of " .. matched .. " matched pods ready"
  return hs
end

hs.status = "Healthy"
if matched == 0 then
  hs.message = "No pods match the SidecarSet"
elseif updated < matched then
  hs.message = "All " .. matched .. " matched pods ready; " .. (matched - updated) .. " keep an older sidecar until recreated (updateStrategy NotUpdate)"
else
  hs.message = "All " .. matched .. " matched pods updated and ready"
end
return hs
