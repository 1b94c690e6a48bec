-- Argo CD health check for OpenKruise ImageListPullJob (apps.kruise.io v1alpha1 and v1beta1, Kruise 1.9).
--
-- What the controller writes (apis/apps/v1alpha1/imagelistpulljob_types.go,
-- pkg/controller/imagelistpulljob): the job runs one ImagePullJob per entry of spec.images, with
-- the same template (parallelism, completionPolicy, ...). status has startTime, completionTime,
-- desired (= number of images), active, completed, succeeded and failedImageStatuses (a list of
-- {imagePullJob, name, message}: name is the image, imagePullJob the child job whose failed > 0);
-- no conditions, no message and no observedGeneration. A child counts as completed once all its
-- nodes have finished (succeeded + failed == desired) and as succeeded once all of them succeeded.
-- The controller sets completionTime when completed == desired, except with completionPolicy.type
-- Never, where it never does: the children stay to pull the images on nodes that match later.
--
-- Health (the same scheme as ImagePullJob):
-- - Progressing: no status, or neither startTime nor completionTime (the controller has not
--   picked the job up), or images
--   are still being pulled; the message gives the counts.
-- - Healthy: completed without failed images. A Never job counts as done once every image's job
--   has finished (completed >= desired) and is Healthy when none failed. Kruise counts a child that
--   matches no node as succeeded, so a Never job with no matching node yet is Healthy too, in
--   line with ImagePullJob.
-- - Degraded: done with any entry in failedImageStatuses (the count and the first few images with
--   their ImagePullJob), or completed with fewer succeeded images than desired.
-- - Suspended: spec.parallelism is 0 (it pauses every child ImagePullJob) and the job is not done.
--
-- Argo CD runs health scripts with only the base, table and os libraries (no string or math), so
-- this script uses none of the others.

hs = { status = "Progressing", message = "Waiting for the ImageListPullJob controller to start the job" }

local MAX_LISTED = 3

-- "nginx:1.27 (ImagePullJob warm-abcde)"
local function describe(failure)
  local text = tostring(failure.name or "?")
  if failure.imagePullJob ~= nil and failure.imagePullJob ~= "" then
    text = text .. " (ImagePullJob " .. failure.imagePullJob .. ")"
  end
  return text
end

-- The first MAX_LISTED failures, then how many more: "a, b, c and 2 more".
local function listSome(failures)
  local shown = {}
  for i = 1, #failures do
    if i > MAX_LISTED then
      return table.concat(shown, ", ") .. " and " .. (#failures - MAX_LISTED) .. " more"
    end
    shown[i] = describe(failures[i])
  end
  return table.concat(shown, ", ")
end

-- Not started: no status, or neither startTime nor completionTime. A completionTime alone (a job
-- restored from a backup, or its status written by something other than the controller) still
-- means the job is done.
if obj.status == nil or (obj.status.startTime == nil and obj.status.completionTime == nil) then
  return hs
end

local status = obj.status
local desired = status.desired or 0
local completedImages = status.completed or 0
local succeeded = status.succeeded or 0
local active = status.active or 0
local failures = status.failedImageStatuses or {}
local spec = obj.spec or {}
local never = spec.completionPolicy ~= nil and spec.completionPolicy.type == "Never"
local done = status.completionTime ~= nil or (never and completedImages >= desired)

if done then
  if #failures > 0 then
    hs.status = "Degraded"
    hs.message = "Image pull failed on some nodes for " .. #failures .. " of " .. desired .. " images: " .. listSome(failures)
    return hs
  end
  if succeeded < desired then
    hs.status = "Degraded"
    hs.message = "Only " .. succeeded .. " of " .. desired .. " images pulled on every node"
    return hs
  end
  hs.status = "Healthy"
  if desired == 0 then
    hs.message = "No images to pull"
  elseif never then
    hs.message = "All " .. desired .. " images pulled on every matching node; the jobs wait for new nodes (completionPolicy Never)"
  else
    hs.message = "All " .. desired .. " images pulled on every matching node"
  end
  return hs
end

local progress = completedImages .. " of " .. desired .. " images completed, " .. succeeded .. " succeeded, " .. active .. " active"
if #failures > 0 then
  progress = progress .. ", " .. #failures .. " with failed nodes"
end

if spec.parallelism ~= nil and tonumber(spec.parallelism) == 0 then
  hs.status = "Suspended"
  hs.message = "Paused: spec.parallelism is 0 (" .. progress .. ")"
  return hs
end

hs.message = "Pulling: " .. progress
return hs
